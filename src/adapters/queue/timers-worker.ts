import { type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Deps } from "../../app/deps.js";
import { runEscalationStep } from "../../app/escalation/run-escalation-step.js";
import { runScheduledStatusUpdate } from "../../app/comms/status-updates.js";
import { JOB_NAMES, TIMERS_QUEUE } from "./bullmq-scheduler.js";

interface TimerJobData {
  incidentId: number;
  jobId?: string;
}

/**
 * Runs due timers by calling use cases, nothing else. The lock is short so that a step whose
 * process was killed mid-run is picked up again within seconds, not minutes.
 */
export function startTimersWorker(connection: Redis, prefix: string, deps: Deps): Worker {
  const worker = new Worker<TimerJobData>(
    TIMERS_QUEUE,
    async (job: Job<TimerJobData>) => {
      const log = deps.logger.child({ job: job.id, name: job.name, incidentId: job.data.incidentId });
      if (job.name === JOB_NAMES.step) {
        const outcome = await runEscalationStep(deps, job.data.jobId ?? String(job.id));
        log.info({ outcome: outcome.kind }, "escalation step ran");
        return outcome.kind;
      }
      if (job.name === JOB_NAMES.statusUpdate) {
        const outcome = await runScheduledStatusUpdate(deps, job.data.incidentId);
        log.info({ outcome }, "status update ran");
        return outcome;
      }
      log.warn({}, "unknown timer job");
      return "unknown";
    },
    { connection, prefix, concurrency: 5, lockDuration: 10_000, stalledInterval: 5_000 },
  );
  worker.on("failed", (job, error) => {
    deps.logger.error({ err: error, job: job?.id, attempts: job?.attemptsMade }, "timer job failed");
  });
  worker.on("error", (error) => deps.logger.error({ err: error }, "timers worker error"));
  return worker;
}
