import type { Redis } from "ioredis";
import type { Logger } from "../../ports/logger.js";

/** How long a caller waits for Redis at most. */
export const REDIS_WAIT_MS = 1000;

/**
 * Calls to Redis that never block their caller. The bot's connection waits for ever while Redis is
 * away (`maxRetriesPerRequest: null`, which BullMQ's workers need), so:
 * - while the connection is lost (not ready after it was), a call is skipped at once (SQLite has the plan; the
 *   reconcile on reconnection puts back what is missing);
 * - when Redis is connected but slow, the caller waits `waitMs` at most; the call goes on in the
 *   background (ioredis sends it once it can), and until it has finished later calls do not wait.
 */
export function boundedCalls(
  connection: Redis,
  { logger, waitMs = REDIS_WAIT_MS }: { logger?: Logger; waitMs?: number },
) {
  let slow = 0;
  // Before its first connection (a client just created) a call waits its turn like any other.
  let wasReady = connection.status === "ready";
  connection.once("ready", () => {
    wasReady = true;
  });
  const available = () => connection.status === "ready" && slow === 0;
  const inBackground = (what: string, call: Promise<unknown>) => {
    slow++;
    call
      .catch((error: unknown) => logger?.error({ err: error }, `could not ${what}`))
      .finally(() => {
        slow--;
      });
  };
  async function run<T>(what: string, fallback: T, call: () => Promise<T>): Promise<T> {
    if (connection.status !== "ready" && wasReady) {
      logger?.warn(
        { redis: connection.status },
        `Redis is unreachable: did not ${what} (restored when it is back)`,
      );
      return fallback;
    }
    const started = call();
    if (slow > 0) {
      inBackground(what, started);
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
    inBackground(what, started);
    return fallback;
  }
  return { available, run };
}
