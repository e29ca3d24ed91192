import type { Incident } from "../../domain/incident/incident.js";
import type { TimelineEvent } from "../../domain/timeline/timeline-event.js";
import type { Deps } from "../deps.js";

/** Notes are recorded even on resolved incidents: late findings belong in the review. */
export async function addNote(
  deps: Pick<Deps, "clock" | "timeline" | "outbox" | "messages">,
  input: { incident: Incident; text: string; actor: string },
): Promise<TimelineEvent> {
  const event = deps.timeline.append({
    incidentId: input.incident.id,
    kind: "note",
    occurredAt: deps.clock.now(),
    actor: input.actor,
    text: input.text,
  });
  deps.outbox.add(input.incident.id, { kind: "post", message: deps.messages.note(input.incident, event) });
  return event;
}
