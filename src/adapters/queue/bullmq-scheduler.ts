import { Queue } from "bullmq";
import { type Clock, systemClock } from "../../ports/clock.js";
import type { Redis } from "ioredis";
import type { Logger } from "../../ports/logger.js";
import type { Scheduler } from "../../ports/scheduler.js";
import { currentContext } from "../observability/context.js";
import { boundedCalls } from "./bounded-calls.js";

/** Escalation steps and PagerDuty resolves: pages never wait behind status updates. */
export const TIMERS_QUEUE = "imoc-timers";
/** SEV-1 status updates, on a queue (and worker) of their own. */
export const UPDATES_QUEUE = "imoc-updates";
export const JOB_NAMES = {
  step: "escalation-step",
  statusUpdate: "status-update",
  resolvePages: "resolve-pages",
  acknowledgePages: "acknowledge-pages",
  ackCheck: "ack-check",
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

/** The correlation id of the work that enqueues a job rides in its data; the worker restores it. */
const correlation = (): { correlationId?: string } => {
  const id = currentContext()?.correlationId;
  return id ? { correlationId: id } : {};
};

export const statusSchedulerId = (incidentId: number) => `inc-${incidentId}-status-updates`;

export const resolvePagesJobId = (incidentId: number) => `inc-${incidentId}-resolve-pages`;

export interface SchedulerOptions {
  /** The use cases' clock: due times are theirs, so delays are counted from their "now". */
  clock?: Clock;
  /** Where skipped or slow calls are reported. */
  logger?: Logger;
  /** How long a caller waits for Redis at most (default 1 s); the call then goes on in the background. */
  waitMs?: number;
}

/**
 * The Scheduler port on BullMQ: one delayed job per escalation step (id from the plan, so adding
 * it again is ignored), one job per resolved incident for its PagerDuty resolves (both on
 * `imoc-timers`), one job scheduler per SEV-1 incident for status updates (on `imoc-updates`).
 * One job per acknowledged incident for its PagerDuty acknowledges. No call blocks its caller while
 * Redis is away (`bounded-calls.ts`).
 */
export function createBullmqScheduler(
  connection: Redis,
  prefix: string,
  { clock = systemClock, logger, waitMs }: SchedulerOptions = {},
): Scheduler & { close(): Promise<void> } {
  const queue = new Queue(TIMERS_QUEUE, { connection, prefix });
  const updates = new Queue(UPDATES_QUEUE, { connection, prefix });
  const bounded = boundedCalls(connection, { logger, waitMs });
  // Without a listener BullMQ prints every reconnection error to the console.
  for (const q of [queue, updates])
    q.on("error", (error) => logger?.debug({ err: error }, `${q.name}: Redis error`));
  const retried = PAGERDUTY_RETRIED;
  const addStep = (jobId: string, incidentId: number, dueAt: Date) =>
    queue.add(
      JOB_NAMES.step,
      { incidentId, jobId, ...correlation() },
      {
        jobId,
        delay: Math.max(0, dueAt.getTime() - clock.now().getTime()),
        ...retried,
      },
    );
  const upsertUpdates = (incidentId: number, firstAt: Date, everyMs: number) =>
    updates.upsertJobScheduler(
      statusSchedulerId(incidentId),
      // Without startDate an `every` scheduler fires at once. BullMQ reads it on Redis's time.
      { every: everyMs, startDate: new Date(Date.now() + firstAt.getTime() - clock.now().getTime()) },
      {
        name: JOB_NAMES.statusUpdate,
        data: { incidentId, ...correlation() },
        opts: {
          removeOnComplete: true,
          removeOnFail: 100,
          attempts: 3,
          backoff: { type: "exponential", delay: 500 },
        },
      },
    );
  // Before the queues were split the clocks ran on the timers queue, whose worker no longer runs
  // them: they go, and the reconcile restores the open SEV-1s' clocks on the updates queue.
  bounded
    .run("remove the old status-update clocks", undefined, async () => {
      for (const old of await queue.getJobSchedulers())
        if (old.name === JOB_NAMES.statusUpdate) await queue.removeJobScheduler(old.key);
    })
    .catch((error: unknown) => logger?.warn({ err: error }, "could not remove the old status-update clocks"));
  return {
    available: bounded.available,
    scheduleStep: (jobId, incidentId, dueAt) =>
      bounded.run(`schedule ${jobId}`, undefined, async () => void (await addStep(jobId, incidentId, dueAt))),
    cancelSteps: (jobIds) =>
      bounded.run(`cancel ${jobIds.length} step timers`, undefined, async () => {
        // A job that is running right now cannot be removed; it finds its step cancelled and stops.
        for (const id of jobIds) await queue.remove(id).catch(() => 0);
      }),
    startStatusUpdates: (incidentId, firstAt, everyMs) =>
      bounded.run(`start the status updates of incident ${incidentId}`, undefined, async () => {
        // Upserting keeps the old next run; removing first is what restarts the clock.
        await updates.removeJobScheduler(statusSchedulerId(incidentId));
        await upsertUpdates(incidentId, firstAt, everyMs);
      }),
    stopStatusUpdates: (incidentId) =>
      bounded.run(`stop the status updates of incident ${incidentId}`, undefined, async () => {
        await updates.removeJobScheduler(statusSchedulerId(incidentId));
      }),
    resolvePages: (incidentId) =>
      bounded.run(`resolve the pages of incident ${incidentId}`, undefined, async () => {
        // An incident is resolved once (its lifecycle only moves forward), so one id per incident.
        const jobId = resolvePagesJobId(incidentId);
        await queue.add(JOB_NAMES.resolvePages, { incidentId, ...correlation() }, { jobId, ...retried });
      }),
    acknowledgePages: (incidentId) =>
      bounded.run(`acknowledge the pages of incident ${incidentId}`, undefined, async () => {
        // Acknowledged once: the lifecycle only moves forward.
        const jobId = `inc-${incidentId}-acknowledge-pages`;
        await queue.add(JOB_NAMES.acknowledgePages, { incidentId, ...correlation() }, { jobId, ...retried });
      }),
    scheduleAckCheck: (incidentId, dueAt) =>
      bounded.run(`check the acknowledgement of incident ${incidentId}`, undefined, async () => {
        // One per incident and due time: a reschedule (nobody paged yet) gets its own id.
        const jobId = `inc-${incidentId}-ack-check-${dueAt.getTime()}`;
        const delay = Math.max(0, dueAt.getTime() - clock.now().getTime());
        await queue.add(JOB_NAMES.ackCheck, { incidentId }, { jobId, delay, ...retried });
      }),
    restoreStep: (jobId, incidentId, dueAt) =>
      bounded.run(`restore ${jobId}`, false, async () => {
        const job = await queue.getJob(jobId);
        // A job that failed for good (a bug, or stalled too often) would block its id for ever
        // while SQLite says the step still has to page: it gives way to a new one.
        if (job && !["failed", "completed"].includes(await job.getState())) return false;
        await job?.remove();
        await addStep(jobId, incidentId, dueAt);
        return true;
      }),
    restoreStatusUpdates: (incidentId, firstAt, everyMs) =>
      bounded.run(`restore the status updates of incident ${incidentId}`, false, async () => {
        if (await updates.getJobScheduler(statusSchedulerId(incidentId))) return false;
        await upsertUpdates(incidentId, firstAt, everyMs);
        return true;
      }),
    async close() {
      await Promise.all([queue.close(), updates.close()]);
    },
  };
}
