import type { Incident } from "../../domain/incident/incident.js";
import { STATUS_LABELS } from "../../domain/incident/incident.js";
import { severityLabel } from "../../domain/incident/severity.js";
import type { TimelineEvent } from "../../domain/timeline/timeline-event.js";
import type { Deps } from "../deps.js";

/**
 * A person's status update: recorded in the IMOC log and posted in the incident channel; observers
 * forward it to the comms audiences and restart the SEV-1 update clock.
 */
export async function postStatusUpdate(
  deps: Deps,
  input: { incident: Incident; text: string; actor: string; actorUserId: string | null },
): Promise<TimelineEvent> {
  const { incident } = input;
  const event = deps.timeline.append({
    incidentId: incident.id,
    kind: "status_update",
    occurredAt: deps.clock.now(),
    actor: input.actor,
    text: input.text,
    data: { severity: incident.severity, status: incident.status },
  });
  if (incident.channelId) {
    const by = input.actorUserId ? ` from <@${input.actorUserId}>` : "";
    const text = `:loudspeaker: *Status update${by}* (${severityLabel(incident.severity, incident.security)}, ${STATUS_LABELS[incident.status]})\n${input.text}`;
    await deps.chat.post(incident.channelId, {
      text,
      blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
    });
  }
  await deps.events.emit("statusUpdatePosted", {
    incident,
    text: input.text,
    actorUserId: input.actorUserId,
  });
  return event;
}
