import { Queue } from "bullmq";
import { type Clock, systemClock } from "../../ports/clock.js";
import type { Redis } from "ioredis";
import type { Scheduler } from "../../ports/scheduler.js";

export const TIMERS_QUEUE = "imoc-timers";
export const JOB_NAMES = {
  step: "escalation-step",
  statusUpdate: "status-update",
  resolvePages: "resolve-pages",
} as const;

export interface RetryOptions {
  /** Runs of a job that talks to PagerDuty before the final one records the failure. */
  attempts: number;
  /** First backoff; each next one doubles. */
  backoffMs: number;
}

/**
 * A thrown error (PagerDuty unavailable, a Redis or SQLite hiccup) retries, the use case makes a
 * rerun harmless: 1 s, 2 s, 4 s ... about 2 minutes in all, then the final attempt says "by hand"
 * instead of leaving the work undone.
 */
export const PAGERDUTY_RETRIES: RetryOptions = { attempts: 8, backoffMs: 1000 };

export const statusSchedulerId = (incidentId: number) => `inc-${incidentId}-status-updates`;

/**
 * The Scheduler port on BullMQ: one delayed job per escalation step (id from the plan, so adding
 * it again is ignored), one job scheduler per SEV-1 incident for status updates, one job per
 * resolved incident for its PagerDuty resolves.
 */
export function createBullmqScheduler(
  connection: Redis,
  prefix: string,
  /** The use cases' clock: due times are theirs, so delays are counted from their "now". */
  { clock = systemClock, retries = PAGERDUTY_RETRIES }: { clock?: Clock; retries?: RetryOptions } = {},
): Scheduler & { close(): Promise<void> } {
  const queue = new Queue(TIMERS_QUEUE, { connection, prefix });
  const retried = {
    attempts: retries.attempts,
    backoff: { type: "exponential", delay: retries.backoffMs },
    removeOnComplete: true,
    removeOnFail: 1000,
  };
  return {
    async scheduleStep(jobId, incidentId, dueAt) {
      await queue.add(
        JOB_NAMES.step,
        { incidentId, jobId },
        {
          jobId,
          delay: Math.max(0, dueAt.getTime() - clock.now().getTime()),
          ...retried,
        },
      );
    },
    async cancelSteps(jobIds) {
      // A job that is running right now cannot be removed; it finds its step cancelled and stops.
      for (const id of jobIds) await queue.remove(id).catch(() => 0);
    },
    async startStatusUpdates(incidentId, firstAt, everyMs) {
      // Upserting keeps the old next run; removing first is what restarts the clock.
      await queue.removeJobScheduler(statusSchedulerId(incidentId));
      await queue.upsertJobScheduler(
        statusSchedulerId(incidentId),
        // Without startDate an `every` scheduler fires at once. BullMQ reads it on Redis's time.
        { every: everyMs, startDate: new Date(Date.now() + firstAt.getTime() - clock.now().getTime()) },
        {
          name: JOB_NAMES.statusUpdate,
          data: { incidentId },
          opts: {
            removeOnComplete: true,
            removeOnFail: 100,
            attempts: 3,
            backoff: { type: "exponential", delay: 500 },
          },
        },
      );
    },
    async stopStatusUpdates(incidentId) {
      await queue.removeJobScheduler(statusSchedulerId(incidentId));
    },
    async resolvePages(incidentId) {
      // An incident is resolved once (its lifecycle only moves forward), so one id per incident.
      const jobId = `inc-${incidentId}-resolve-pages`;
      await queue.add(JOB_NAMES.resolvePages, { incidentId }, { jobId, ...retried });
    },
    close: () => queue.close(),
  };
}
