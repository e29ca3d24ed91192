import type { Followup } from "../../domain/followups/followup.js";
import { dayIn } from "../../domain/followups/followup.js";
import { type DueSpec, resolveDue } from "../../domain/followups/parse-followup.js";
import type { Incident } from "../../domain/incident/incident.js";
import { slackActor } from "../../domain/timeline/timeline-event.js";
import type { Deps } from "../deps.js";

export type FollowupDeps = Pick<
  Deps,
  "clock" | "timeline" | "outbox" | "transaction" | "followups" | "followupMessages" | "followupSettings"
>;

/**
 * Records an action item: the row, its timeline event, the owner's DM (with *Mark done*) and a
 * line in the incident channel commit together. The owner defaults to whoever recorded it.
 */
export function addFollowup(
  deps: FollowupDeps,
  input: {
    incident: Incident;
    text: string;
    owner: string | null;
    due: DueSpec | string | null;
    userId: string;
    via: "command" | "shortcut";
  },
): Followup {
  const now = deps.clock.now();
  const today = dayIn(now, deps.followupSettings.zone);
  const dueOn =
    input.due === null ? null : typeof input.due === "string" ? input.due : resolveDue(input.due, today);
  const owner = input.owner ?? input.userId;
  return deps.transaction(() => {
    const followup = deps.followups.add({
      incidentId: input.incident.id,
      text: input.text,
      owner,
      dueOn,
      createdBy: input.userId,
      createdAt: now,
    });
    deps.timeline.append({
      incidentId: input.incident.id,
      kind: "followup_added",
      occurredAt: now,
      actor: slackActor(input.userId),
      text: `Follow-up #${followup.id} for <@${owner}>${dueOn ? `, due ${dueOn}` : ""}: ${input.text}`,
      data: { followupId: followup.id, owner, dueOn, text: input.text, via: input.via },
    });
    deps.outbox.add(
      input.incident.id,
      { kind: "post", message: deps.followupMessages.recorded(input.incident, followup) },
      { kind: "dm", user: owner, message: deps.followupMessages.assigned(input.incident, followup) },
    );
    return followup;
  });
}
