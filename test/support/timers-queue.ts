import { Queue } from "bullmq";
import { statusSchedulerId, TIMERS_QUEUE, UPDATES_QUEUE } from "../../src/adapters/queue/bullmq-scheduler.js";

/**
 * The bot's timers as Redis holds them, read through BullMQ: what is still due proves what will
 * (or will not) happen, without sleeping until it would have.
 */
export function timersQueue(redisUrl: string, prefix: string) {
  const { hostname, port } = new URL(redisUrl);
  const connection = { host: hostname, port: Number(port || 6379) };
  const queue = new Queue(TIMERS_QUEUE, { connection, prefix });
  const updates = new Queue(UPDATES_QUEUE, { connection, prefix });
  return {
    /** Ids of the escalation-step jobs of one incident still waiting, delayed or running. */
    async stepJobs(incidentId: number): Promise<string[]> {
      const jobs = await queue.getJobs(["delayed", "waiting", "active", "prioritized"]);
      return jobs
        .map((job) => job?.id ?? "")
        .filter((id) => id.startsWith(`inc-${incidentId}-g`))
        .sort();
    },
    /** Whether the incident's status-update clock is running. */
    async statusUpdatesRunning(incidentId: number): Promise<boolean> {
      return Boolean(await updates.getJobScheduler(statusSchedulerId(incidentId)));
    },
    async close() {
      await Promise.all([queue.close(), updates.close()]);
    },
  };
}
