import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { INCIDENT_STATUSES } from "../../domain/incident/incident.js";
import { SEVERITIES } from "../../domain/incident/severity.js";
import type { IncidentStore } from "../../ports/incident-store.js";
import type { SlackBacklog } from "../../ports/slack-outbox.js";
import type { Metrics } from "../../ports/metrics.js";

/** What a queue looks like at scrape time (BullMQ's counts and its oldest waiting job). */
export interface QueueStats {
  queue: string;
  counts: Record<string, number>;
  /** Seconds the oldest job ready to run has waited; 0 when none waits. */
  oldestWaitingSeconds: number;
}

export interface PromMetricsOptions {
  incidents: Pick<IncidentStore, "countBySeverityAndStatus" | "countOpen">;
  /** Queue stats, bounded in time by the caller; null when the queue service did not answer. */
  queues?: () => Promise<QueueStats[] | null>;
  /** The Slack outbox's jobs still to send, read from the record at scrape time. */
  slackOutbox?: { backlog(): SlackBacklog };
  /** Whether the bot's dependencies answer (as `/readyz` says), cheaply. */
  ready?: () => boolean;
  startedAt: Date;
  now: () => Date;
}

/** Label values that come from outside (webhook event types) are kept to a known shape. */
const shaped = (value: string, pattern: RegExp) =>
  value.length <= 48 && pattern.test(value) ? value : "other";

/**
 * The Metrics port on prom-client, in a registry of its own (several bots share a test process,
 * and the global registry would mix them), with Node's default metrics (event-loop lag, heap, GC).
 * Gauges of the record and the queues are read when Prometheus scrapes.
 */
export function createPromMetrics(options: PromMetricsOptions) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(
    name: string,
    help: string,
    buckets: number[],
    labelNames: readonly L[] = [],
  ) => new Histogram<L>({ name, help, buckets, labelNames, registers });

  const declared = counter("imoc_incidents_declared_total", "Incidents declared.", ["severity", "drill"]);
  const slackRequests = counter("imoc_slack_requests_total", "Slack requests on POST /slack/events.", [
    "kind",
    "outcome",
  ]);
  const ackSeconds = histogram(
    "imoc_slack_ack_seconds",
    "Time from a Slack request's arrival to its acknowledgement (Slack allows 3 s).",
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    ["kind"],
  );
  const commands = counter("imoc_slash_commands_total", "/incident subcommands run.", [
    "subcommand",
    "outcome",
  ]);
  const commandSeconds = histogram(
    "imoc_slash_command_duration_seconds",
    "Time a /incident subcommand took, answer included.",
    [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ["subcommand"],
  );
  const pageLabels = ["channel", "target"] as const;
  const pagesSent = counter(
    "imoc_pages_sent_total",
    "Targets reached, per channel (pagerduty, slack).",
    pageLabels,
  );
  const pagesFailed = counter(
    "imoc_pages_failed_total",
    "Pages given up on for good, per channel.",
    pageLabels,
  );
  const pagesRetried = counter(
    "imoc_page_retries_total",
    "Transient page failures, each tried again later.",
    pageLabels,
  );
  const lateness = histogram(
    "imoc_escalation_lateness_seconds",
    "How long after its due time an escalation step fired.",
    [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
  );
  const toAck = histogram(
    "imoc_time_to_acknowledge_seconds",
    "Declaration to acknowledgement, per severity (drills left out).",
    [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400],
    ["severity"],
  );
  const slackCalls = counter("imoc_slack_api_calls_total", "Slack Web API calls by method and outcome.", [
    "method",
    "outcome",
  ]);
  const rateLimited = counter("imoc_slack_rate_limited_total", "Times the Slack outbox waited out a 429.");
  const rateLimitWait = counter(
    "imoc_slack_rate_limit_wait_seconds_total",
    "Seconds the Slack outbox was told to wait by 429 answers.",
  );
  const webhooks = counter(
    "imoc_pagerduty_webhooks_total",
    "PagerDuty webhook deliveries by type and outcome.",
    ["type", "outcome"],
  );

  new Gauge({
    name: "imoc_incidents",
    help: "Incidents in the IMOC log by severity and status (drills excluded).",
    labelNames: ["severity", "status"],
    registers,
    collect() {
      this.reset();
      for (const severity of SEVERITIES)
        for (const status of INCIDENT_STATUSES) this.set({ severity, status }, 0);
      for (const row of options.incidents.countBySeverityAndStatus())
        this.set({ severity: row.severity, status: row.status }, row.count);
    },
  });
  new Gauge({
    name: "imoc_open_incidents",
    help: 'Incidents not yet resolved, by severity; drills labelled drill="true".',
    labelNames: ["severity", "drill"],
    registers,
    collect() {
      this.reset();
      for (const severity of SEVERITIES) this.set({ severity, drill: "false" }, 0);
      for (const row of options.incidents.countOpen())
        this.set({ severity: row.severity, drill: String(row.drill) }, row.count);
    },
  });
  new Gauge({
    name: "imoc_uptime_seconds",
    help: "Seconds since this bot process started.",
    registers,
    collect() {
      this.set(Math.round((options.now().getTime() - options.startedAt.getTime()) / 1000));
    },
  });
  if (options.ready) {
    const ready = options.ready;
    new Gauge({
      name: "imoc_ready",
      help: "1 when the bot's dependencies (database, Redis) answer, as /readyz says; 0 otherwise.",
      registers,
      collect() {
        this.set(ready() ? 1 : 0);
      },
    });
  }
  if (options.queues) queueGauges(registers, options.queues);
  if (options.slackOutbox) outboxGauges(registers, options.slackOutbox, options.now);

  const metrics: Metrics = {
    incidentDeclared: (severity, drill) => declared.inc({ severity, drill: String(drill) }),
    slashCommand(subcommand, outcome, seconds) {
      commands.inc({ subcommand, outcome });
      commandSeconds.observe({ subcommand }, seconds);
    },
    slackRequest(kind, outcome, seconds) {
      slackRequests.inc({ kind, outcome });
      ackSeconds.observe({ kind }, seconds);
    },
    pageSent: (channel, target) => pagesSent.inc({ channel, target }),
    pageFailed: (channel, target) => pagesFailed.inc({ channel, target }),
    pageRetried: (channel, target) => pagesRetried.inc({ channel, target }),
    escalationFired: (late) => lateness.observe(Math.max(0, late)),
    incidentAcknowledged: (severity, seconds) => toAck.observe({ severity }, Math.max(0, seconds)),
    slackApiCall: (method, outcome) =>
      slackCalls.inc({ method: shaped(method, /^[a-zA-Z_.]+$/), outcome: shaped(outcome, /^[a-z_]+$/) }),
    slackRateLimited(seconds) {
      rateLimited.inc();
      rateLimitWait.inc(Math.max(0, seconds));
    },
    pagerDutyWebhook: (type, outcome) =>
      webhooks.inc({ type: shaped(type, /^[a-z_]+(\.[a-z_]+)*$/), outcome: shaped(outcome, /^[a-z_]+$/) }),
  };
  return {
    ...metrics,
    registry,
    contentType: registry.contentType,
    /** The exposition, gauges read now. */
    scrape: () => registry.metrics(),
  };
}

export type PromMetrics = ReturnType<typeof createPromMetrics>;

function queueGauges(registers: Registry[], read: () => Promise<QueueStats[] | null>): void {
  // One read per scrape serves the three gauges; a scrape never waits longer than `read` allows.
  let pending: Promise<QueueStats[] | null> | null = null;
  const stats = () => {
    pending ??= read().finally(() => {
      setImmediate(() => {
        pending = null;
      });
    });
    return pending;
  };
  new Gauge({
    name: "imoc_queue_up",
    help: "1 when the queues (Redis) answered this scrape in time; 0 otherwise (queue gauges then absent).",
    registers,
    async collect() {
      this.set((await stats()) ? 1 : 0);
    },
  });
  new Gauge({
    name: "imoc_queue_jobs",
    help: "Jobs per queue and state (waiting, delayed, active, failed, prioritized).",
    labelNames: ["queue", "state"],
    registers,
    async collect() {
      this.reset();
      for (const q of (await stats()) ?? [])
        for (const [state, n] of Object.entries(q.counts)) this.set({ queue: q.queue, state }, n);
    },
  });
  new Gauge({
    name: "imoc_queue_oldest_waiting_seconds",
    help: "Age of the oldest job ready to run but not started, per queue (0: none waits).",
    labelNames: ["queue"],
    registers,
    async collect() {
      this.reset();
      for (const q of (await stats()) ?? []) this.set({ queue: q.queue }, q.oldestWaitingSeconds);
    },
  });
}

function outboxGauges(registers: Registry[], outbox: { backlog(): SlackBacklog }, now: () => Date): void {
  // Both gauges are collected in one scrape: the second reuses the first's read.
  let read: SlackBacklog | null = null;
  const backlog = () => {
    if (!read) {
      read = outbox.backlog();
      setImmediate(() => {
        read = null;
      });
    }
    return read;
  };
  new Gauge({
    name: "imoc_slack_outbox_jobs",
    help: 'Slack jobs (channel, DMs of pages, updates) still to send; state="failing": failed at least once, waiting to be tried again.',
    labelNames: ["state"],
    registers,
    collect() {
      const { pending, failing } = backlog();
      this.set({ state: "pending" }, pending);
      this.set({ state: "failing" }, failing);
    },
  });
  new Gauge({
    name: "imoc_slack_outbox_oldest_pending_seconds",
    help: "Age of the oldest Slack job still to send (0: none pending).",
    registers,
    collect() {
      const oldest = backlog().oldestQueuedAt;
      this.set(oldest ? Math.max(0, (now().getTime() - oldest.getTime()) / 1000) : 0);
    },
  });
}
