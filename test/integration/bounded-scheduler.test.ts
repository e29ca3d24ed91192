import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIS_STALLED_MS } from "../../src/adapters/queue/bounded-calls.js";
import { createBullmqScheduler, TIMERS_QUEUE } from "../../src/adapters/queue/bullmq-scheduler.js";
import { checkRedis, connectRedis } from "../../src/adapters/queue/redis-connection.js";
import { type RestartableRedis, startRestartableRedis } from "../support/redis.js";
import { waitFor } from "../support/wait-for.js";

/**
 * The Scheduler on a Redis that stops answering without closing the connection (SIGSTOP: a hung
 * server or a cut network): callers are not held, nothing is lost, readiness says so.
 */
let redis: RestartableRedis;
let connection: Redis;
const prefix = "bounded";
beforeAll(async () => {
  redis = await startRestartableRedis();
  connection = await connectRedis(redis.url);
});
afterAll(async () => {
  redis?.thaw();
  await connection?.quit();
  await redis?.stop();
});

const timed = async <T>(call: () => Promise<T>) => {
  const started = Date.now();
  const value = await call().catch((error: unknown) => error);
  return { value, ms: Date.now() - started };
};

describe("scheduler calls while Redis does not answer", () => {
  it("return within about a second, report the timer service unavailable, and happen once Redis answers", async () => {
    const scheduler = createBullmqScheduler(connection, prefix);
    try {
      expect(scheduler.available()).toBe(true);
      redis.freeze();
      const due = new Date(Date.now() + 60_000);
      const first = await timed(() => scheduler.scheduleStep("inc-1-g1-s1", 1, due));
      expect(first.ms).toBeLessThan(1500);
      // Later calls do not wait at all while one is still unanswered.
      expect((await timed(() => scheduler.scheduleStep("inc-1-g1-s2", 1, due))).ms).toBeLessThan(200);
      const ready = await timed(() => checkRedis(connection));
      expect(ready.value).toBeInstanceOf(Error);
      expect(ready.ms).toBeLessThan(1000);
      // Busy for a moment is not "unreachable"; unanswered for long is.
      await waitFor(() => !scheduler.available(), { timeoutMs: REDIS_STALLED_MS + 2000 });

      redis.thaw();
      await waitFor(() => scheduler.available(), { timeoutMs: 5000 });
      const queue = new Queue(TIMERS_QUEUE, { connection, prefix });
      try {
        expect((await queue.getDelayed()).map((j) => j.id).sort()).toEqual(["inc-1-g1-s1", "inc-1-g1-s2"]);
      } finally {
        await queue.close();
      }
      await checkRedis(connection);
    } finally {
      await scheduler.close();
    }
  }, 20_000);
});
