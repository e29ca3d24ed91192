import { inject } from "vitest";
import { startRedis, type TestRedis } from "./redis.js";

/**
 * The run's Redis from `global-redis.ts` (REDIS_URL when set); `stop()` leaves it running for
 * the other files. Without that globalSetup (another config), a private redis-server.
 */
export async function sharedRedis(): Promise<TestRedis> {
  const url = inject("redisUrl");
  return url ? { url, stop: async () => {} } : startRedis();
}
