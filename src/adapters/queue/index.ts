/** BullMQ on the bot's Redis: the Scheduler port, the workers and the weekly review; the shared cache. */
export { createBullmqScheduler } from "./bullmq-scheduler.js";
export { createRedisCache } from "./redis-cache.js";
export { checkRedis, connectRedis, reconcileNowAndOnReconnect } from "./redis-connection.js";
export { startTimersWorker } from "./timers-worker.js";
export { startUpdatesWorker } from "./updates-worker.js";
export { startWeeklyReview } from "./weekly-review-scheduler.js";
