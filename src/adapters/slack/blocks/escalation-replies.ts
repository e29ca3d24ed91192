import type { CommsResult } from "../../../app/comms/send-comms.js";
import type { TimelineEvent } from "../../../domain/timeline/timeline-event.js";

export const updatePostedReply = (event: TimelineEvent) => `:loudspeaker: Update #${event.seq} posted.`;

export function commsReply(result: CommsResult): string {
  switch (result.kind) {
    case "sent":
      return `:mega: Sent to ${result.to.join(", ") || "nobody"}${result.failed.length ? `; could not post to ${result.failed.join(", ")}` : ""}.`;
    case "counted":
      return `:memo: Customer report ${result.count} recorded; product is told at ${result.threshold}.`;
    case "not-applicable":
      return `Nothing sent: ${result.reason}.`;
  }
}
