import { Queue } from "bullmq";
import { type Clock, systemClock } from "../../ports/clock.js";
import type { Redis } from "ioredis";
import type { Scheduler } from "../../ports/scheduler.js";

export const TIMERS_QUEUE = "imoc-timers";
export const JOB_NAMES = {
  step: "escalation-step",
  statusUpdate: "status-update",
  resolvePages: "resolve-pages",
  acknowledgePages: "acknowledge-pages",
} as const;

/** The custom backoff type of jobs that talk to PagerDuty; the timers worker computes it. */
export const PAGERDUTY_BACKOFF_TYPE = "pagerduty";

/**
 * A job that talks to PagerDuty never runs out of tries (a billion, at 30 s apart: centuries):
 * a thrown error (PagerDuty unavailable, a Redis or SQLite hiccup) runs it again after the
 * worker's capped backoff (1 s, 2 s, 4 s ... 30 s, 30 s ...), until the use case finds the work
 * done or no longer needed. A 4xx from PagerDuty is recorded by the use case, which returns.
 */
export const PAGERDUTY_RETRIED = {
  attempts: 1_000_000_000,
  backoff: { type: PAGERDUTY_BACKOFF_TYPE },
  removeOnComplete: true,
  removeOnFail: 1000,
};

export const statusSchedulerId = (incidentId: number) => `inc-${incidentId}-status-updates`;

/**
 * The Scheduler port on BullMQ: one delayed job per escalation step (id from the plan, so adding
 * it again is ignored), one job scheduler per SEV-1 incident for status updates, one job per
 * resolved incident for its PagerDuty resolves, one per acknowledged incident for its acknowledges.
 */
export function createBullmqScheduler(
  connection: Redis,
  prefix: string,
  /** The use cases' clock: due times are theirs, so delays are counted from their "now". */
  { clock = systemClock }: { clock?: Clock } = {},
): Scheduler & { close(): Promise<void> } {
  const queue = new Queue(TIMERS_QUEUE, { connection, prefix });
  const retried = PAGERDUTY_RETRIED;
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
    async acknowledgePages(incidentId) {
      // Acknowledged once: the lifecycle only moves forward.
      const jobId = `inc-${incidentId}-acknowledge-pages`;
      await queue.add(JOB_NAMES.acknowledgePages, { incidentId }, { jobId, ...retried });
    },
    close: () => queue.close(),
  };
}
