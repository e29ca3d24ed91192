import { Redis } from "ioredis";

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
