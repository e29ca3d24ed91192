import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { runEscalationStep } from "../../app/escalation/run-escalation-step.js";
import { RetryLater, type StepAttempt } from "../../app/escalation/step-attempt.js";
import { resolveOpenPages } from "../../app/escalation/stop-escalation.js";
import { JOB_NAMES, TIMERS_QUEUE } from "./bullmq-scheduler.js";

interface TimerJobData {
  incidentId: number;
  jobId?: string;
}

type TimerDeps = Parameters<typeof runEscalationStep>[0] & Parameters<typeof resolveOpenPages>[0];

/** Plain data for the use case; attemptsMade counts the failed runs before this one. */
function attemptOf(job: Job): StepAttempt {
  const attempt = job.attemptsMade + 1;
  return { attempt, finalAttempt: attempt >= (job.opts.attempts ?? 1) };
}

/**
 * Runs due timers by calling use cases, nothing else. The lock is short so that a step whose
 * process was killed mid-run is picked up again within seconds, not minutes. A thrown error is
 * retried with the job's backoff (bullmq-scheduler.ts); a use case learns from `finalAttempt`
 * when no retry follows, so it records the failure itself instead of throwing.
 */
export function startTimersWorker(connection: Redis, prefix: string, deps: TimerDeps): Worker {
  const worker = new Worker<TimerJobData>(
    TIMERS_QUEUE,
    async (job: Job<TimerJobData>) => {
      const log = deps.logger.child({ job: job.id, name: job.name, incidentId: job.data.incidentId });
      if (job.name === JOB_NAMES.step) {
        const run = attemptOf(job);
        const outcome = await runEscalationStep(deps, job.data.jobId ?? String(job.id), run);
        log.info({ outcome: outcome.kind, attempt: run.attempt }, "escalation step ran");
        return outcome.kind;
      }
      if (job.name === JOB_NAMES.resolvePages) {
        const resolved = await resolveOpenPages(deps, job.data.incidentId, attemptOf(job));
        log.info({ resolved }, "PagerDuty pages resolved");
        return resolved;
      }
      throw new UnrecoverableError(`unknown timer job "${job.name}"`);
    },
    { connection, prefix, concurrency: 5, lockDuration: 10_000, stalledInterval: 5_000 },
  );
  worker.on("failed", (job, error) => {
    const context = { err: error, job: job?.id, attempts: job?.attemptsMade };
    if (error instanceof RetryLater) deps.logger.warn(context, "timer job will be retried");
    else deps.logger.error(context, "timer job failed");
  });
  worker.on("error", (error) => deps.logger.error({ err: error }, "timers worker error"));
  return worker;
}
