import { type Job, Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { QueueStats } from "../observability/prom-metrics.js";
import { TIMERS_QUEUE, UPDATES_QUEUE } from "./bullmq-scheduler.js";
import { FOLLOWUPS_QUEUE } from "./followups-queue.js";
import { REPORTS_QUEUE } from "./weekly-review-scheduler.js";

const STATES = ["waiting", "delayed", "active", "failed", "prioritized"] as const;

/** When a waiting job became ready to run: created, plus its delay; a retried one, after its last try. */
const readySince = (job: Job) => Math.max(job.timestamp + (job.opts.delay ?? 0), job.processedOn ?? 0);

/**
 * Queue depth and the oldest waiting job per queue, for `/metrics`. A scrape must not hang while
 * Redis is away (the connection queues commands until it is back): nothing is asked while it is
 * not connected, and an answer later than `timeoutMs` counts as none.
 */
export function createQueueStats(connection: Redis, prefix: string, { timeoutMs = 1000 } = {}) {
  const queues = [TIMERS_QUEUE, UPDATES_QUEUE, FOLLOWUPS_QUEUE, REPORTS_QUEUE].map(
    (name) => new Queue(name, { connection, prefix }),
  );
  for (const q of queues) q.on("error", () => {}); // reported by the scheduler's own queues
  const one = async (queue: Queue): Promise<QueueStats> => {
    const [counts, newest, oldest] = await Promise.all([
      queue.getJobCounts(...STATES),
      queue.getJobs(["waiting"], 0, 0, false),
      queue.getJobs(["waiting"], 0, 0, true),
    ]);
    const ready = [...newest, ...oldest].filter(Boolean).map(readySince);
    const oldestSeconds = ready.length > 0 ? Math.max(0, (Date.now() - Math.min(...ready)) / 1000) : 0;
    return { queue: queue.name, counts, oldestWaitingSeconds: oldestSeconds };
  };
  return {
    async read(): Promise<QueueStats[] | null> {
      if (connection.status !== "ready") return null;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
      });
      try {
        return await Promise.race([Promise.all(queues.map(one)), late]);
      } catch {
        return null;
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => Promise.all(queues.map((q) => q.close())).then(() => {}),
  };
}
