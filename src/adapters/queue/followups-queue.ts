import { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Clock } from "../../ports/clock.js";
import type { ReviewReminders } from "../../ports/followup-messages.js";
import type { Logger } from "../../ports/logger.js";
import { boundedCalls } from "./bounded-calls.js";
import { WEEKLY_REVIEW_CRON } from "./weekly-review-scheduler.js";

/** Playbook-review reminders (delayed jobs) and the weekly overdue digest (a job scheduler). */
export const FOLLOWUPS_QUEUE = "imoc-followups";
export const FOLLOWUP_JOBS = { reminder: "playbook-review-reminder", digest: "followups-digest" } as const;
export const reminderJobId = (reviewId: number) => `playbook-review-${reviewId}`;

export interface FollowupsQueueOptions {
  connection: Redis;
  prefix: string;
  clock: Clock;
  logger: Logger;
}

/** The ReviewReminders port on BullMQ; no call waits on an unreachable Redis (the reconcile catches up). */
export function createFollowupsQueue({ connection, prefix, clock, logger }: FollowupsQueueOptions) {
  const queue = new Queue(FOLLOWUPS_QUEUE, { connection, prefix });
  queue.on("error", (error) => logger.debug({ err: error }, `${FOLLOWUPS_QUEUE}: Redis error`));
  const bounded = boundedCalls(connection, { logger });
  const add = (reviewId: number, at: Date) =>
    queue.add(
      FOLLOWUP_JOBS.reminder,
      { reviewId },
      {
        jobId: reminderJobId(reviewId),
        delay: Math.max(0, at.getTime() - clock.now().getTime()),
        attempts: 5,
        backoff: { type: "exponential", delay: 1000 },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
  const reminders: ReviewReminders = {
    schedule: (reviewId, at) =>
      bounded.run(
        `schedule ${reminderJobId(reviewId)}`,
        undefined,
        async () => void (await add(reviewId, at)),
      ),
    restore: (reviewId, at) =>
      bounded.run(`restore ${reminderJobId(reviewId)}`, false, async () => {
        const job = await queue.getJob(reminderJobId(reviewId));
        if (job && !["failed", "completed"].includes(await job.getState())) return false;
        await job?.remove();
        await add(reviewId, at);
        return true;
      }),
    cancel: (reviewId) =>
      bounded.run(`cancel ${reminderJobId(reviewId)}`, undefined, async () => {
        // A reminder running right now finds the review confirmed and sends nothing.
        await queue.remove(reminderJobId(reviewId)).catch(() => 0);
      }),
  };
  return {
    reminders,
    /** Monday 09:00 in `zone`, like the weekly review: a restart upserts the same scheduler. */
    scheduleDigest: (zone: string) =>
      queue.upsertJobScheduler(
        FOLLOWUP_JOBS.digest,
        { pattern: WEEKLY_REVIEW_CRON, tz: zone },
        {
          name: FOLLOWUP_JOBS.digest,
          opts: { attempts: 3, backoff: { type: "exponential", delay: 30_000 } },
        },
      ),
    /** Runs the jobs by calling the use cases. */
    startWorker(run: { reminder(reviewId: number): unknown; digest(): unknown }): Worker {
      const worker = new Worker(
        FOLLOWUPS_QUEUE,
        async (job) => {
          if (job.name === FOLLOWUP_JOBS.reminder) return run.reminder(Number(job.data.reviewId));
          if (job.name === FOLLOWUP_JOBS.digest) return run.digest();
        },
        { connection, prefix },
      );
      worker.on("failed", (job, error) =>
        logger.error({ err: error, job: job?.id }, "follow-ups job failed"),
      );
      worker.on("error", (error) => logger.error({ err: error }, "follow-ups worker error"));
      return worker;
    },
    close: () => queue.close(),
  };
}
