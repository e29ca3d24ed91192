import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { runScheduledStatusUpdate } from "../../app/comms/status-updates.js";
import { JOB_NAMES, UPDATES_QUEUE } from "./bullmq-scheduler.js";
import { inJobContext } from "./timers-worker.js";

/**
 * Runs SEV-1 status updates (the job schedulers of `imoc-updates`) by calling the use case. A
 * queue and worker of their own: a burst of updates never delays a page on `imoc-timers`.
 */
export function startUpdatesWorker(
  connection: Redis,
  prefix: string,
  deps: Parameters<typeof runScheduledStatusUpdate>[0],
): Worker {
  const worker = new Worker<{ incidentId: number }>(
    UPDATES_QUEUE,
    (job: Job<{ incidentId: number; correlationId?: string }>) =>
      inJobContext(job, async () => {
        if (job.name !== JOB_NAMES.statusUpdate)
          throw new UnrecoverableError(`unknown update job "${job.name}"`);
        // The job id names the scheduler's tick: a rerun of the same tick posts nothing.
        const outcome = await runScheduledStatusUpdate(deps, job.data.incidentId, job.id);
        deps.logger.info({ job: job.id, incidentId: job.data.incidentId, outcome }, "status update ran");
        return outcome;
      }),
    { connection, prefix, concurrency: 5, lockDuration: 10_000, stalledInterval: 5_000 },
  );
  worker.on("failed", (job, error) =>
    deps.logger.error({ err: error, job: job?.id, attempts: job?.attemptsMade }, "status update failed"),
  );
  worker.on("error", (error) => deps.logger.error({ err: error }, "updates worker error"));
  return worker;
}
