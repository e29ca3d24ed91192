import type { Redis } from "ioredis";
import type { Logger } from "../../ports/logger.js";

/** How long a caller waits for Redis at most. */
export const REDIS_WAIT_MS = 1000;
/** A call still unanswered after this long means Redis is not answering (hung, network cut), not busy. */
export const REDIS_STALLED_MS = 5000;

/**
 * Calls to Redis that never block their caller. The bot's connection waits for ever while Redis is
 * away (`maxRetriesPerRequest: null`, which BullMQ's workers need), so:
 * - while the connection is lost (not ready after it was), a call is skipped at once (SQLite has the plan; the
 *   reconcile on reconnection puts back what is missing);
 * - when Redis is connected but slow, the caller waits `waitMs` at most; the call goes on in the
 *   background (ioredis sends it once it can), and until it has finished later calls do not wait.
 * `available()` is false while the connection is lost or a call has been unanswered for
 * `REDIS_STALLED_MS`: a busy Redis (a burst of declarations) is not reported as unreachable.
 */
export function boundedCalls(
  connection: Redis,
  { logger, waitMs = REDIS_WAIT_MS }: { logger?: Logger; waitMs?: number },
) {
  /** Start times of the calls that went on in the background. */
  const slow = new Map<symbol, number>();
  // Before its first connection (a client just created) a call waits its turn like any other.
  let wasReady = connection.status === "ready";
  connection.once("ready", () => {
    wasReady = true;
  });
  const available = () => {
    const oldest = Math.min(...slow.values());
    return connection.status === "ready" && !(Date.now() - oldest > REDIS_STALLED_MS);
  };
  const inBackground = (what: string, call: Promise<unknown>, startedAt: number) => {
    const id = Symbol(what);
    slow.set(id, startedAt);
    call
      .catch((error: unknown) => logger?.error({ err: error }, `could not ${what}`))
      .finally(() => slow.delete(id));
  };
  async function run<T>(what: string, fallback: T, call: () => Promise<T>): Promise<T> {
    if (connection.status !== "ready" && wasReady) {
      logger?.warn(
        { redis: connection.status },
        `Redis is unreachable: did not ${what} (restored when it is back)`,
      );
      return fallback;
    }
    const startedAt = Date.now();
    const started = call();
    if (slow.size > 0) {
      inBackground(what, started, startedAt);
      return fallback;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), waitMs);
    });
    try {
      const result = await Promise.race([started, late]);
      if (result !== "late") return result;
    } finally {
      clearTimeout(timer);
    }
    logger?.warn({ waitMs }, `Redis is slow: ${what} goes on in the background`);
    inBackground(what, started, startedAt);
    return fallback;
  }
  return { available, run };
}
