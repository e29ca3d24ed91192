import { slackActor, type TimelineEvent } from "../../domain/timeline/timeline-event.js";
import { buildTimelineView, type FileRef } from "../../domain/timeline/timeline-view.js";
import type { Deps } from "../deps.js";

export type RevisionResult = { kind: "revised" | "deleted"; event: TimelineEvent } | { kind: "ignored" };

/**
 * An edit or deletion of a recorded message becomes a new event pointing at the record
 * (`data.revisionOf`); the original text stays in the log. Messages nobody recorded are ignored,
 * and a redelivered event changes nothing.
 */
export function reviseMessage(
  deps: Pick<Deps, "log" | "timeline">,
  input:
    | {
        change: "edited";
        channelId: string;
        ts: string;
        text: string;
        files: FileRef[];
        by: string | null;
        at: Date;
      }
    | { change: "deleted"; channelId: string; ts: string; by: string | null; at: Date },
): RevisionResult {
  const record = deps.log.findRecordedMessage(input.channelId, input.ts);
  if (!record) return { kind: "ignored" };
  const entry = buildTimelineView(deps.timeline.list(record.incidentId)).find((e) => e.seq === record.seq);
  if (!entry || entry.deleted) return { kind: "ignored" };
  const actor = input.by ? slackActor(input.by) : record.actor;
  const source = {
    channelId: input.channelId,
    messageTs: input.ts,
    permalink: record.source?.permalink ?? null,
  };
  if (input.change === "deleted") {
    const event = deps.timeline.append({
      incidentId: record.incidentId,
      kind: "message_deleted",
      occurredAt: input.at,
      actor,
      text: `Recorded message #${record.seq} was deleted in Slack; its text is kept in the log`,
      data: { revisionOf: record.seq, lastText: entry.text },
      source,
    });
    return { kind: "deleted", event };
  }
  if (input.text === entry.text) return { kind: "ignored" };
  const event = deps.timeline.append({
    incidentId: record.incidentId,
    kind: "message_revised",
    occurredAt: input.at,
    actor,
    text: `Recorded message #${record.seq} was edited: ${input.text}`,
    data: { revisionOf: record.seq, text: input.text, previousText: entry.text, files: input.files },
    source,
  });
  return { kind: "revised", event };
}
