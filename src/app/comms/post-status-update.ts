import type { Incident } from "../../domain/incident/incident.js";
import type { TimelineEvent } from "../../domain/timeline/timeline-event.js";
import type { Deps } from "../deps.js";

/**
 * A person's status update: recorded in the IMOC log and posted in the incident channel; observers
 * forward it to the comms audiences and restart the SEV-1 update clock.
 */
export async function postStatusUpdate(
  deps: Pick<Deps, "clock" | "timeline" | "outbox" | "events" | "escalationMessages">,
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
  deps.outbox.add(incident.id, {
    kind: "post",
    message: deps.escalationMessages.statusUpdate(incident, input.text, input.actorUserId),
    failure: "Could not post the status update in the channel",
  });
  await deps.events.emit("statusUpdatePosted", {
    incident,
    text: input.text,
    actorUserId: input.actorUserId,
  });
  return event;
}
