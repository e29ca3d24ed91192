import type { Incident } from "../../domain/incident/incident.js";
import {
  type TransitionOutcome,
  type TransitionTarget,
  transition,
} from "../../domain/incident/incident-state.js";
import { formatDuration } from "../../domain/time/duration.js";
import type { Deps } from "../deps.js";
import { syncChannel } from "./sync-channel.js";

export type StatusChangeResult =
  | { kind: "changed"; incident: Incident; from: Incident["status"] }
  | { kind: "already"; incident: Incident }
  | { kind: "not-allowed"; incident: Incident; reason: string }
  | { kind: "not-found" };

export interface StatusChangeInput {
  incidentId: number;
  to: TransitionTarget;
  /** Timeline actor, e.g. `slack:U123` or `pagerduty:Jane`. */
  actor: string;
  /** Shown in the channel line; null when the change did not come from a Slack user. */
  actorUserId: string | null;
  summary?: string | null;
}

const TEXT: Record<TransitionTarget, string> = {
  acknowledged: "Acknowledged",
  mitigated: "Impact mitigated",
  resolved: "Resolved",
};

/**
 * Shared by acknowledge / mitigate / resolve. The transition is decided inside the write
 * transaction, so two clicks at the same moment record one change and the second is told.
 */
export type ChangeStatusDeps = Pick<
  Deps,
  "clock" | "incidents" | "events" | "messages" | "outbox" | "metrics"
>;

export async function changeStatus(
  deps: ChangeStatusDeps,
  input: StatusChangeInput,
): Promise<StatusChangeResult> {
  const at = deps.clock.now();
  let decided: TransitionOutcome | null = null;
  const updated = deps.incidents.updateWith(input.incidentId, (current) => {
    const outcome = transition(current, input.to, at);
    decided = outcome;
    if (outcome.kind !== "changed") return null;
    const sinceDeclared = formatDuration(at.getTime() - current.declaredAt.getTime());
    const summary = input.to === "resolved" && input.summary ? `: ${input.summary}` : "";
    return {
      patch: {
        ...outcome.patch,
        ...(input.to === "resolved" ? { resolutionSummary: input.summary ?? null } : {}),
      },
      event: {
        kind: input.to,
        occurredAt: at,
        actor: input.actor,
        text: `${TEXT[input.to]} after ${sinceDeclared}${summary}`,
        data: {
          from: current.status,
          to: input.to,
          msSinceDeclared: at.getTime() - current.declaredAt.getTime(),
        },
      },
    };
  });
  const outcome = decided as TransitionOutcome | null;
  if (!outcome) return { kind: "not-found" };
  if (!updated || outcome.kind !== "changed") {
    const current = deps.incidents.get(input.incidentId);
    if (!current) return { kind: "not-found" };
    if (outcome.kind === "not-allowed")
      return { kind: "not-allowed", incident: current, reason: outcome.reason };
    return { kind: "already", incident: current };
  }
  // Time to acknowledge (drills would skew it: they are not counted).
  if (outcome.patch.acknowledgedAt && !updated.drill)
    deps.metrics.incidentAcknowledged(updated.severity, (at.getTime() - updated.declaredAt.getTime()) / 1000);
  syncChannel(deps, updated, deps.messages.statusChanged(updated, input.actorUserId));
  await deps.events.emit("statusChanged", { incident: updated, from: outcome.from });
  return { kind: "changed", incident: updated, from: outcome.from };
}
