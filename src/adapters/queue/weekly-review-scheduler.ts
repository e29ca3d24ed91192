import { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../../ports/logger.js";
import { reconcileNowAndOnReconnect } from "./redis-connection.js";

export const REPORTS_QUEUE = "imoc-reports";
export const WEEKLY_REVIEW_ID = "weekly-review";
/** Monday 09:00. A cron pattern (not `every`) so a restart does not post at once. */
export const WEEKLY_REVIEW_CRON = "0 9 * * 1";

export interface WeeklyReviewOptions {
  /** The bot's Redis connection (`maxRetriesPerRequest: null`); BullMQ duplicates it for blocking calls. */
  connection: Redis;
  /** QUEUE_PREFIX: Redis key prefix shared with the escalation timers. */
  prefix?: string;
  /** IANA zone: the matrix file's business-hours zone, or WEEKLY_REVIEW_TZ. */
  timeZone: string;
  /** Posts the review of the week before `at`; workers only call use cases. */
  run(at: Date): Promise<void>;
  logger: Logger;
}

/** The weekly review as a BullMQ job scheduler on its own queue; upserting it twice is harmless. */
export async function startWeeklyReview(options: WeeklyReviewOptions): Promise<{ close(): Promise<void> }> {
  const { connection } = options;
  const prefix = options.prefix;
  const queue = new Queue(REPORTS_QUEUE, { connection, ...(prefix ? { prefix } : {}) });
  // Again whenever the connection is back: a Redis restarted empty has lost the scheduler.
  await reconcileNowAndOnReconnect(connection, options.logger, () =>
    queue.upsertJobScheduler(
      WEEKLY_REVIEW_ID,
      { pattern: WEEKLY_REVIEW_CRON, tz: options.timeZone },
      { name: WEEKLY_REVIEW_ID, opts: { attempts: 3, backoff: { type: "exponential", delay: 30_000 } } },
    ),
  );
  const worker = new Worker(
    REPORTS_QUEUE,
    async (job) => {
      if (job.name === WEEKLY_REVIEW_ID) await options.run(new Date(job.processedOn ?? Date.now()));
    },
    { connection, ...(prefix ? { prefix } : {}) },
  );
  // Redis errors reach the bot's logs through the timers; here they would go to the console.
  queue.on("error", () => undefined);
  worker.on("error", () => undefined);
  return {
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
