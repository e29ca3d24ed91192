import { planEscalation, stepJobId } from "../../domain/escalation/escalation-plan.js";
import type { Incident } from "../../domain/incident/incident.js";
import { formatDuration } from "../../domain/time/duration.js";
import type { StepRecord } from "../../ports/escalation-store.js";
import type { Deps } from "../deps.js";

type PlanResult = { generation: number; steps: StepRecord[]; cancelled: StepRecord[] };

/**
 * Records the plan from `t0` (synchronous, so a declaration can commit it with the incident in
 * one transaction). Its timers are set by the caller; if the process dies in between (or Redis is
 * away), the reconcile (`reconcileSchedule`) sets the missing timers from the stored plan.
 */
export function recordPlan(
  deps: Pick<Deps, "matrix" | "escalations">,
  incident: Incident,
  t0: Date,
): PlanResult {
  const planned = planEscalation(incident, deps.matrix, t0, deps.escalations.pagedTargets(incident.id));
  return deps.escalations.replacePlan(incident.id, t0, incident.severity, (generation) =>
    planned.map((p) => ({ ...p, jobId: stepJobId(incident.id, generation, p.index) })),
  );
}

/**
 * Plans (declaration) or re-plans (severity change) the escalation from now: the plan is stored
 * first, then its timers are set.
 */
export async function planIncidentEscalation(
  deps: Pick<
    Deps,
    "clock" | "logger" | "outbox" | "matrix" | "escalations" | "scheduler" | "escalationMessages"
  >,
  incident: Incident,
  /** The declaration for the first plan; the moment of the change for a re-plan. */
  t0: Date = deps.clock.now(),
): Promise<PlanResult> {
  const result = recordPlan(deps, incident, t0);
  await deps.scheduler.cancelSteps(result.cancelled.map((s) => s.jobId));
  for (const step of result.steps) {
    if (step.state === "pending") await deps.scheduler.scheduleStep(step.jobId, incident.id, step.dueAt);
  }
  if (result.generation > 1) {
    const pending = result.steps.filter((s) => s.state === "pending");
    const next = pending[0];
    const message = deps.escalationMessages.replanned({
      incident,
      pending: pending.length,
      next: next
        ? {
            target: deps.matrix.targets[next.target]?.name ?? next.target,
            elapsed: formatDuration(next.dueAt.getTime() - incident.declaredAt.getTime()),
          }
        : null,
      cancelled: result.cancelled.length,
    });
    deps.outbox.add(incident.id, { kind: "post", message });
  }
  return result;
}
