import { Redis } from "ioredis";
import type { Logger } from "../../ports/logger.js";

/**
 * The bot's one Redis connection, shared by the queue, the workers (BullMQ duplicates it for its
 * blocking calls) and the weekly review. `maxRetriesPerRequest: null` is what BullMQ workers need;
 * it also means a command waits while Redis is away, so readiness checks must bound their wait.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  await redis.connect();
  return redis;
}

/**
 * Runs `reconcile` now (its failure fails the start-up), then each time the connection is ready
 * again after it was lost (Redis restarted, failed over, network cut): a restarted Redis may be
 * empty, so the schedule is put back from the record. Runs after a reconnection never overlap; one
 * during a run asks for one more run after it.
 */
export async function reconcileNowAndOnReconnect(
  connection: Redis,
  logger: Logger,
  reconcile: () => Promise<unknown>,
): Promise<void> {
  await reconcile();
  let lost = false;
  let running: Promise<void> | null = null;
  let again = false;
  const markLost = () => {
    lost = true;
  };
  const run = async (): Promise<void> => {
    do {
      again = false;
      logger.info({}, "Redis is back: putting the schedule back from the record");
      await reconcile().catch((error: unknown) =>
        logger.error({ err: error }, "could not reconcile the schedule"),
      );
    } while (again);
    running = null;
  };
  connection.on("close", markLost);
  connection.on("end", markLost);
  connection.on("reconnecting", markLost);
  connection.on("ready", () => {
    if (!lost) return;
    lost = false;
    if (running) again = true;
    else running = run();
  });
}

/** Readiness of the bot's connection, bounded: the connection itself would wait for ever. */
export async function checkRedis(connection: Redis, timeoutMs = 500): Promise<void> {
  if (connection.status !== "ready")
    throw new Error(`Redis is unreachable (connection ${connection.status})`);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Redis did not answer PING within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([connection.ping(), late]);
  } finally {
    clearTimeout(timer);
  }
}
