import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { runScheduledStatusUpdate } from "../../app/comms/status-updates.js";
import { runEscalationStep } from "../../app/escalation/run-escalation-step.js";
import { RetryLater } from "../../app/escalation/step-attempt.js";
import { JOB_NAMES, TIMERS_QUEUE } from "./bullmq-scheduler.js";

interface TimerJobData {
  incidentId: number;
  jobId?: string;
}

type TimerDeps = Parameters<typeof runEscalationStep>[0] & Parameters<typeof runScheduledStatusUpdate>[0];

/**
 * Runs due timers by calling use cases, nothing else. The lock is short so that a step whose
 * process was killed mid-run is picked up again within seconds, not minutes. A thrown error is
 * retried with the job's backoff (bullmq-scheduler.ts); the step learns from `finalAttempt`
 * when no retry follows, so it ends the step itself instead of throwing.
 */
export function startTimersWorker(connection: Redis, prefix: string, deps: TimerDeps): Worker {
  const worker = new Worker<TimerJobData>(
    TIMERS_QUEUE,
    async (job: Job<TimerJobData>) => {
      const log = deps.logger.child({ job: job.id, name: job.name, incidentId: job.data.incidentId });
      if (job.name === JOB_NAMES.step) {
        // attemptsMade counts the failed runs before this one.
        const attempt = job.attemptsMade + 1;
        const run = { attempt, finalAttempt: attempt >= (job.opts.attempts ?? 1) };
        const outcome = await runEscalationStep(deps, job.data.jobId ?? String(job.id), run);
        log.info({ outcome: outcome.kind, attempt }, "escalation step ran");
        return outcome.kind;
      }
      if (job.name === JOB_NAMES.statusUpdate) {
        const outcome = await runScheduledStatusUpdate(deps, job.data.incidentId);
        log.info({ outcome }, "status update ran");
        return outcome;
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
