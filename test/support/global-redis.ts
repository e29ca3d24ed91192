import type { TestProject } from "vitest/node";
import { startRedis } from "./redis.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The Redis every harness shares (its QUEUE_PREFIX keeps runs apart); see `sharedRedis()`. */
    redisUrl: string;
  }
}

/**
 * vitest globalSetup: one redis-server for the whole run instead of one per harness. REDIS_URL
 * from the environment still wins (startRedis). Tests that kill Redis start their own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startRedis();
  project.provide("redisUrl", redis.url);
  return () => redis.stop();
}
