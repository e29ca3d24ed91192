import type { Redis } from "ioredis";
import type { Logger } from "../../ports/logger.js";
import type { SharedCache } from "../../ports/shared-cache.js";
import { boundedCalls } from "./bounded-calls.js";

/** A look-up waits this long for Redis at most; the answer is then asked of its source. */
const CACHE_WAIT_MS = 250;

const ttl = (ms: number) => Math.max(1, Math.round(ms));

/** The SharedCache port on the bot's Redis, under `<QUEUE_PREFIX>:cache:`. */
export function createRedisCache(connection: Redis, prefix: string, logger?: Logger): SharedCache {
  const bounded = boundedCalls(connection, { logger, waitMs: CACHE_WAIT_MS });
  const at = (key: string) => `${prefix}:cache:${key}`;
  return {
    get: (key) => bounded.run(`read the shared cache (${key})`, null, () => connection.get(at(key))),
    remember: (key, value, ttlMs) =>
      bounded.run(`write the shared cache (${key})`, value, async () => {
        // SET NX then GET in one transaction: the first replica's answer wins.
        const results = await connection
          .multi()
          .set(at(key), value, "PX", ttl(ttlMs), "NX")
          .get(at(key))
          .exec();
        const kept = results?.[1]?.[1];
        return typeof kept === "string" ? kept : value;
      }),
    set: (key, value, ttlMs) =>
      bounded.run(`write the shared cache (${key})`, undefined, async () => {
        await connection.set(at(key), value, "PX", ttl(ttlMs));
      }),
  };
}
