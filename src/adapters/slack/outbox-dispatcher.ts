import { runSlackJob, type SlackJobDeps } from "../../app/slack-work/run-slack-job.js";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { incidentRef } from "../../domain/incident/incident.js";
import { ChatError } from "../../ports/chat.js";
import type { Clock } from "../../ports/clock.js";
import type { Logger } from "../../ports/logger.js";
import type { Metrics } from "../../ports/metrics.js";
import { inContext } from "../observability/context.js";
import type { QueuedSlackJob } from "../../ports/slack-outbox.js";
import type { SlackJobStore } from "../db/sqlite-slack-jobs.js";

export interface DispatcherOptions {
  jobs: SlackJobStore;
  run(job: QueuedSlackJob): Promise<void>;
  clock: Clock;
  logger: Logger;
  /** Lanes (incidents) worked on at once. */
  concurrency?: number;
  /**
   * How often the record is read for due jobs besides the wake-ups of this process's adds: retries
   * that are due, jobs another replica added, jobs whose lease ran out (their replica died).
   */
  pollMs?: number;
  /**
   * At start-up, take back the leases of the previous run. Only when this process is the record's
   * one writer (SQLite): with replicas (PostgreSQL) a lease may belong to a live replica that is
   * sending the job right now, so leases only run out (LEASE_MS) and the poll picks the job up then.
   */
  releaseLeasesAtStart?: boolean;
  /** Longest wait between two tries of a failing job (a 429's Retry-After wins). */
  maxBackoffMs?: number;
  metrics?: Pick<Metrics, "slackRateLimited">;
}

const LEASE_MS = 60_000;
/** Event-loop delay (ms) above which the bot is busy: the outbox steps aside for pages. */
const BUSY_LAG_MS = 20;
const TICK_MS = 25;

/** 0.5 s, 1 s, 2 s ... capped: Slack's bad minutes are usually short. */
export function slackBackoffMs(attempts: number, maxMs: number): number {
  return Math.min(maxMs, 500 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends the Slack outbox: one job at a time per lane (so a channel's messages keep their order),
 * many lanes at once. A transient failure (429, 5xx, timeout, network) keeps the job at the head
 * of its lane until it goes through; a 429 waits exactly as long as Slack asked.
 */
export function startSlackDispatcher(options: DispatcherOptions) {
  const { jobs, clock, logger } = options;
  const concurrency = options.concurrency ?? 8;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  const active = new Map<string, Promise<void>>();
  let stopped = false;
  let scheduled = false;
  let failing = 0;

  const released = options.releaseLeasesAtStart === false ? 0 : jobs.releaseLeases();
  if (released) logger.info({ released }, "Slack outbox: resuming jobs of the previous run");

  // A burst of declarations and pages makes the event loop lag: Slack's cosmetics then take one
  // lane at a time and yield between jobs, so the CPU goes to pages and requests first.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let busy = false;
  const pressure = setInterval(() => {
    busy = lag.mean / 1e6 > BUSY_LAG_MS;
    lag.reset();
  }, 200);
  pressure.unref();
  const yieldWhileBusy = async () => {
    while (busy && !stopped) await sleep(50);
  };

  const runLane = async (lane: string) => {
    let next = jobs.claimHead(lane, LEASE_MS);
    while (!stopped && next) {
      const job = next;
      next = null;
      try {
        // The job's log lines carry the correlation id of the work that queued it.
        const ref = job.incidentId === null ? undefined : incidentRef({ id: job.incidentId });
        await inContext({ correlationId: job.correlationId, incident: ref }, () => options.run(job));
        await yieldWhileBusy();
        // One commit for "done" and "the next one is mine".
        next = jobs.completeAndClaimNext(job.id, lane, LEASE_MS);
        if (failing > 0) {
          failing = 0;
          logger.info({ lane }, "Slack is answering again");
        }
      } catch (error) {
        const transient = error instanceof ChatError && error.transient;
        const message = error instanceof Error ? error.message : String(error);
        if (!transient) {
          // runSlackJob deals with permanent failures itself; this is a bug or a lost record.
          logger.error({ err: error, lane, kind: job.job.kind }, "Slack job failed");
          jobs.fail(job.id, message);
          next = jobs.claimHead(lane, LEASE_MS);
          continue;
        }
        const retryAfterMs = (error as ChatError).retryAfterMs;
        if (retryAfterMs !== null) options.metrics?.slackRateLimited(retryAfterMs / 1000);
        const wait = retryAfterMs ?? slackBackoffMs(job.attempts, maxBackoffMs);
        jobs.retry(job.id, new Date(clock.now().getTime() + wait), message);
        if (failing++ === 0)
          logger.warn(
            { lane, kind: job.job.kind, error: message, retryInMs: wait },
            "Slack is failing; its jobs wait and retry in order",
          );
        return;
      }
    }
  };

  const tick = () => {
    scheduled = false;
    lastTick = Date.now();
    if (stopped) return;
    const free = (busy ? 1 : concurrency) - active.size;
    if (free <= 0) return;
    let heads: QueuedSlackJob[];
    try {
      heads = jobs.dueHeads(free, new Set(active.keys()));
    } catch (error) {
      logger.error({ err: error }, "Slack outbox: could not read the jobs");
      return;
    }
    for (const head of heads) {
      const running = runLane(head.lane)
        .catch((error: unknown) => logger.error({ err: error, lane: head.lane }, "Slack outbox lane failed"))
        .finally(() => {
          active.delete(head.lane);
          kick();
        });
      active.set(head.lane, running);
    }
  };

  // Finding the lanes' heads reads every pending job: at most once per TICK_MS, however many
  // jobs are added meanwhile (a burst adds thousands).
  let lastTick = 0;
  const kick = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    const wait = lastTick + TICK_MS - Date.now();
    if (wait > 0) setTimeout(tick, wait).unref();
    else setImmediate(tick);
  };

  const poll = setInterval(kick, options.pollMs ?? 250);
  poll.unref();
  const prune = setInterval(() => {
    try {
      jobs.prune(new Date(clock.now().getTime() - 7 * 24 * 3600_000));
    } catch (error) {
      logger.warn({ err: error }, "Slack outbox: could not prune finished jobs");
    }
  }, 3600_000);
  prune.unref();
  kick();

  return {
    kick,
    /** Lanes being worked on right now. */
    busy: () => active.size,
    /** Stops taking jobs; waits up to `timeoutMs` for the ones running (their leases cover the rest). */
    async stop(timeoutMs = 5_000): Promise<void> {
      stopped = true;
      clearInterval(poll);
      clearInterval(pressure);
      lag.disable();
      clearInterval(prune);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...active.values()]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}

export type SlackDispatcher = ReturnType<typeof startSlackDispatcher>;

/**
 * The outbox of the bot's record, sent through the use case that runs one Slack job. Every replica
 * runs one; they share the jobs through the record (a lane's head is claimed with a lease).
 */
export function startSlackOutbox(
  record: { kind: "sqlite" | "postgres"; slackJobs: SlackJobStore; onSlackJob(wake: () => void): void },
  deps: SlackJobDeps,
): SlackDispatcher {
  const dispatcher = startSlackDispatcher({
    jobs: record.slackJobs,
    releaseLeasesAtStart: record.kind === "sqlite",
    run: (job) => runSlackJob(deps, job),
    clock: deps.clock,
    logger: deps.logger,
    metrics: deps.metrics,
  });
  record.onSlackJob(dispatcher.kick);
  return dispatcher;
}
