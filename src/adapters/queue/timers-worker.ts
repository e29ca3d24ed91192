import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { runEscalationStep } from "../../app/escalation/run-escalation-step.js";
import { checkAcknowledgement } from "../../app/alerts/unacknowledged.js";
import { acknowledgeOpenPages } from "../../app/escalation/acknowledge-pages.js";
import { RetryLater } from "../../app/escalation/step-attempt.js";
import { resolveOpenPages } from "../../app/escalation/stop-escalation.js";
import {
  PAGERDUTY_BACKOFF,
  type PagerDutyBackoff,
  pagerDutyRetryDelayMs,
} from "../../domain/escalation/pagerduty-backoff.js";
import { incidentRef } from "../../domain/incident/incident.js";
import { inContext } from "../observability/context.js";
import { JOB_NAMES, PAGERDUTY_BACKOFF_TYPE, TIMERS_QUEUE } from "./bullmq-scheduler.js";

interface TimerJobData {
  incidentId: number;
  jobId?: string;
  /** The request's (or job's) that enqueued it: this job's log lines carry it. */
  correlationId?: string;
}

type TimerDeps = Parameters<typeof runEscalationStep>[0] &
  Parameters<typeof checkAcknowledgement>[0] &
  Parameters<typeof resolveOpenPages>[0] &
  Parameters<typeof acknowledgeOpenPages>[0];

export interface TimersWorkerOptions {
  /** PagerDuty's retry backoff (default 1 s doubling up to 30 s); tests may shorten it. */
  backoff?: PagerDutyBackoff;
  /** Jobs run at once; they wait on PagerDuty and Slack, not the CPU (default 50). */
  concurrency?: number;
}

/**
 * Runs due timers by calling use cases, nothing else. The lock is short so that a step whose
 * process was killed mid-run is picked up again within seconds, not minutes (BullMQ renews it
 * while a run waits on PagerDuty, at most PAGERDUTY_TIMEOUT_MS per try). A thrown error is
 * retried for ever with the capped PagerDuty backoff; its delay follows the tries the record
 * counted (`RetryLater.tries`) when there is such a count, else BullMQ's attempts.
 */
export function startTimersWorker(
  connection: Redis,
  prefix: string,
  deps: TimerDeps,
  { backoff = PAGERDUTY_BACKOFF, concurrency = 200 }: TimersWorkerOptions = {},
): Worker {
  const worker = new Worker<TimerJobData>(
    TIMERS_QUEUE,
    (job: Job<TimerJobData>) => inJobContext(job, () => runTimer(deps, job)),
    {
      connection,
      prefix,
      concurrency,
      lockDuration: 10_000,
      stalledInterval: 5_000,
      // A step whose process died mid-run is picked up again however often that happens (the
      // default, once, would fail it for good and leave its page unsent).
      maxStalledCount: 1_000,
      settings: {
        backoffStrategy: (attemptsMade, type, error) => {
          if (type !== PAGERDUTY_BACKOFF_TYPE) throw new Error(`unknown backoff type "${type}"`);
          const tries = error instanceof RetryLater && error.tries !== null ? error.tries : attemptsMade;
          return pagerDutyRetryDelayMs(tries, backoff);
        },
      },
    },
  );
  worker.on("failed", (job, error) => {
    const context = { err: error, job: job?.id, attempts: job?.attemptsMade };
    const log = async () => {
      if (error instanceof RetryLater) deps.logger.warn(context, "timer job will be retried");
      else deps.logger.error(context, "timer job failed");
    };
    void (job ? inJobContext(job, log) : log());
  });
  worker.on("error", (error) => deps.logger.error({ err: error }, "timers worker error"));
  return worker;
}

async function runTimer(deps: TimerDeps, job: Job<TimerJobData>): Promise<unknown> {
  const log = deps.logger.child({ job: job.id, name: job.name, incidentId: job.data.incidentId });
  if (job.name === JOB_NAMES.step) {
    const outcome = await runEscalationStep(deps, job.data.jobId ?? String(job.id));
    log.info({ outcome: outcome.kind, attempt: job.attemptsMade + 1 }, "escalation step ran");
    return outcome.kind;
  }
  if (job.name === JOB_NAMES.resolvePages) {
    const resolved = await resolveOpenPages(deps, job.data.incidentId);
    log.info({ resolved }, "PagerDuty pages resolved");
    return resolved;
  }
  if (job.name === JOB_NAMES.acknowledgePages) {
    const acknowledged = await acknowledgeOpenPages(deps, job.data.incidentId);
    log.info({ acknowledged }, "PagerDuty pages acknowledged");
    return acknowledged;
  }
  if (job.name === JOB_NAMES.ackCheck) return checkAcknowledgement(deps, job.data.incidentId);
  throw new UnrecoverableError(`unknown timer job "${job.name}"`);
}

/** A job runs in the context of the work that enqueued it (its correlation id) and names its incident. */
export function inJobContext<T>(
  job: Job<{ incidentId: number; correlationId?: string }>,
  fn: () => Promise<T>,
) {
  const incident = incidentRef({ id: job.data.incidentId });
  return inContext({ correlationId: job.data.correlationId ?? `job-${job.id}`, incident }, fn);
}
