import type { Incident } from "../domain/incident/incident.js";
import type { TimelineEvent } from "../domain/timeline/timeline-event.js";
import type { ChatMessage } from "./chat.js";

/** The messages people see; implemented by pure Block Kit builders in adapters/slack/blocks. */
export interface IncidentMessages {
  intro(incident: Incident): ChatMessage;
  announcement(incident: Incident): ChatMessage;
  statusChanged(incident: Incident, actorUserId: string | null): ChatMessage;
  severityChanged(incident: Incident, from: Incident["severity"], actorUserId: string | null): ChatMessage;
  note(incident: Incident, event: TimelineEvent): ChatMessage;
  statusSummary(incident: Incident, now: Date): ChatMessage;
}
