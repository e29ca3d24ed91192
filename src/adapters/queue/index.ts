/** BullMQ on the bot's Redis: the Scheduler port, the timers worker and the weekly review. */
export { createBullmqScheduler } from "./bullmq-scheduler.js";
export { connectRedis } from "./redis-connection.js";
export { startTimersWorker } from "./timers-worker.js";
export { startWeeklyReview } from "./weekly-review-scheduler.js";
