import type { RecordResult } from "../../../app/timeline/record-message.js";
import type { CorrectionResult } from "../../../app/timeline/correct-timeline.js";
import { type Incident, incidentRef } from "../../../domain/incident/incident.js";

export function correctionReply(result: CorrectionResult, incident: Incident): string {
  switch (result.kind) {
    case "corrected":
      return `:pencil2: ${result.event.text}. Recorded as #${result.event.seq}; the original stays in the log.`;
    case "unchanged":
      return "The log already says that; nothing recorded.";
    case "no-such-entry":
      return `:warning: There is no entry #${result.seq} in ${incidentRef(incident)}'s timeline. \`/incident timeline\` shows the numbers.`;
    case "not-correctable":
      return `:no_entry: ${result.reason}.`;
  }
}

/** The post-incident review as a Markdown file for the incident channel. */
export function reviewUpload(incident: Incident, review: { markdown: string; events: number; zone: string }) {
  const ref = incidentRef(incident);
  return {
    filename: `${ref.toLowerCase()}-review.md`,
    title: `${ref} post-incident review`,
    content: review.markdown,
    comment: `:page_facing_up: ${ref} post-incident review from the IMOC log (${review.events} events, times in ${review.zone}).`,
  };
}

export const reviewUploadedReply = (incident: Incident) =>
  `:white_check_mark: Uploaded the ${incidentRef(incident)} review to the channel.`;

/** What the person who pinned (or used the shortcut) is told; null: nothing to say. */
export function recordedReply(result: RecordResult): string | null {
  switch (result.kind) {
    case "recorded":
      return `:pushpin: Recorded in the IMOC log as #${result.event.seq}.`;
    case "already":
      return `This message is already in the IMOC log as #${result.event.seq}.`;
    case "message-not-found":
      return ":warning: I could not read that message, so it was not recorded.";
    default:
      return null;
  }
}

export const NOT_AN_INCIDENT_MESSAGE = "Only messages in an incident channel can be added to its timeline.";
