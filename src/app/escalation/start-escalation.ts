import type { Incident } from "../../domain/incident/incident.js";
import { syncStatusUpdates } from "../comms/status-updates.js";
import { planIncidentEscalation } from "./plan-escalation.js";
import { runEscalationStep } from "./run-escalation-step.js";
import { RetryLater } from "./step-attempt.js";
import { pagerDutyRetryDelayMs } from "../../domain/escalation/pagerduty-backoff.js";

type StartDeps = Parameters<typeof planIncidentEscalation>[0] &
  Parameters<typeof syncStatusUpdates>[0] &
  Parameters<typeof runEscalationStep>[0];

/** How soon a due step that PagerDuty did not take at declaration is tried again, from the queue. */
const FIRST_RETRY_MS = 1000;

/**
 * A declared incident's plan is recorded with it (declare-incident.ts). Here it starts: the steps
 * already due (the 0-minute page) run now, in this process, so they wait neither for Slack nor for
 * Redis; the later steps and the update clock go to the queue at the same time.
 */
export async function startEscalation(deps: StartDeps, incident: Incident): Promise<void> {
  const generation = deps.escalations.generation(incident.id);
  const pending = deps.escalations
    .steps(incident.id)
    .filter((s) => s.generation === generation && s.state === "pending");
  const now = deps.clock.now().getTime();
  const due = pending.filter((s) => s.dueAt.getTime() <= now);
  const later = pending.filter((s) => s.dueAt.getTime() > now);
  await Promise.all([
    ...due.map((step) => runDueStep(deps, step.jobId, incident.id)),
    (async () => {
      for (const step of later) await deps.scheduler.scheduleStep(step.jobId, incident.id, step.dueAt);
      await syncStatusUpdates(deps, incident);
    })(),
  ]);
}

async function runDueStep(deps: StartDeps, jobId: string, incidentId: number): Promise<void> {
  try {
    await runEscalationStep(deps, jobId);
  } catch (error) {
    // PagerDuty did not take it (or the step is busy elsewhere): the queue tries again. If Redis
    // is away too, the reconcile gives the step its job as soon as Redis is back.
    if (!(error instanceof RetryLater)) deps.logger.error({ err: error, jobId }, "the due step failed");
    const wait = error instanceof RetryLater ? pagerDutyRetryDelayMs(error.tries ?? 1) : FIRST_RETRY_MS;
    await deps.scheduler.scheduleStep(jobId, incidentId, new Date(deps.clock.now().getTime() + wait));
  }
}

/** A new severity re-plans from now: pending steps are replaced, nobody already paged is paged again. */
export async function replanEscalation(deps: StartDeps, incident: Incident): Promise<void> {
  if (incident.status === "resolved") return;
  await planIncidentEscalation(deps, incident);
  await syncStatusUpdates(deps, incident);
}
