import type { Followup } from "../../domain/followups/followup.js";
import { slackActor } from "../../domain/timeline/timeline-event.js";
import type { Deps } from "../deps.js";
import type { FollowupDeps } from "./add-followup.js";

export type CompleteResult =
  | { kind: "done"; followup: Followup }
  | { kind: "already-done"; followup: Followup }
  | { kind: "not-found" };

/** Marks a follow-up done (the owner's button, or anyone who did it); the first click wins. */
export function completeFollowup(
  deps: FollowupDeps & Pick<Deps, "incidents">,
  input: { id: number; userId: string },
): CompleteResult {
  const found = deps.followups.get(input.id);
  const incident = found && deps.incidents.get(found.incidentId);
  if (!found || !incident) return { kind: "not-found" };
  const now = deps.clock.now();
  return deps.transaction((): CompleteResult => {
    if (!deps.followups.markDone(found.id, input.userId, now))
      return { kind: "already-done", followup: found };
    const followup = { ...found, status: "done" as const, doneAt: now, doneBy: input.userId };
    deps.timeline.append({
      incidentId: incident.id,
      kind: "followup_done",
      occurredAt: now,
      actor: slackActor(input.userId),
      text: `Follow-up #${followup.id} done: ${followup.text}`,
      data: { followupId: followup.id },
    });
    deps.outbox.add(incident.id, { kind: "post", message: deps.followupMessages.done(incident, followup) });
    return { kind: "done", followup };
  });
}
