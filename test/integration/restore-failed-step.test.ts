import { Queue, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBullmqScheduler, TIMERS_QUEUE } from "../../src/adapters/queue/bullmq-scheduler.js";
import { connectRedis } from "../../src/adapters/queue/redis-connection.js";
import { sharedRedis } from "../support/shared-redis.js";

/**
 * A step job that failed for good in Redis (a bug, or a process that died mid-run too often)
 * must not block its id: while SQLite says the step still has to page, the reconcile replaces it.
 */
let connection: Redis;
const prefix = `restore-${Math.random().toString(36).slice(2, 8)}`;
beforeAll(async () => {
  connection = await connectRedis((await sharedRedis()).url);
});
afterAll(async () => {
  await connection?.quit();
});

describe("restoring a step whose job failed for good", () => {
  it("replaces the failed job with a waiting one; a live job is left alone", async () => {
    const queue = new Queue(TIMERS_QUEUE, { connection, prefix });
    const scheduler = createBullmqScheduler(connection, prefix);
    const broken = new Worker(
      TIMERS_QUEUE,
      async () => {
        throw new UnrecoverableError("a bug");
      },
      { connection: connection.duplicate({ maxRetriesPerRequest: null }), prefix },
    );
    try {
      const failed = new Promise((ok) => broken.once("failed", ok));
      await scheduler.scheduleStep("inc-7-g1-step-0", 7, new Date());
      await failed;
      await broken.close();
      expect(await (await queue.getJob("inc-7-g1-step-0"))?.getState()).toBe("failed");

      expect(await scheduler.restoreStep("inc-7-g1-step-0", 7, new Date(Date.now() + 60_000))).toBe(true);
      expect(await (await queue.getJob("inc-7-g1-step-0"))?.getState()).toBe("delayed");
      // Restoring again finds the live job and adds nothing.
      expect(await scheduler.restoreStep("inc-7-g1-step-0", 7, new Date(Date.now() + 60_000))).toBe(false);
    } finally {
      await broken.close();
      await scheduler.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
