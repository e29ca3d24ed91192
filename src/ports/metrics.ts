import type { Severity } from "../domain/incident/severity.js";

/** The two ways a target is reached. */
export type PageChannel = "pagerduty" | "slack";

/**
 * What happened, for the bot's own metrics (`GET /metrics`). One method per event, named for it;
 * the adapter (prom-client) turns them into counters and histograms, so the application layer
 * never imports a metrics library. Labels are bounded: matrix target ids, severities, method and
 * subcommand names, never incident ids or free text.
 */
export interface Metrics {
  incidentDeclared(severity: Severity, drill: boolean): void;
  /** A `/incident` subcommand ran: `ok`, `error` (it threw) or `usage` (the text did not parse). */
  slashCommand(subcommand: string, outcome: "ok" | "error" | "usage", seconds: number): void;
  /** A Slack request on `POST /slack/events` was answered (acknowledged) after `ackSeconds`. */
  slackRequest(kind: string, outcome: "ok" | "error", ackSeconds: number): void;
  /** A target was reached through `channel` (PagerDuty took the trigger; Slack DMs went out). */
  pageSent(channel: PageChannel, target: string): void;
  /** A channel gave up on a target for good (a 4xx, nobody found, a permanent Slack error). */
  pageFailed(channel: PageChannel, target: string): void;
  /** A try failed transiently: the page is tried again later. */
  pageRetried(channel: PageChannel, target: string): void;
  /** An escalation step's timer fired, `lateSeconds` after it was due. */
  escalationFired(lateSeconds: number): void;
  /** An incident was acknowledged `seconds` after it was declared (drills are not counted). */
  incidentAcknowledged(severity: Severity, seconds: number): void;
  /** One Slack Web API call: `ok`, `ratelimited`, or Slack's error class. */
  slackApiCall(method: string, outcome: string): void;
  /** The Slack outbox waited `waitSeconds` because Slack answered 429. */
  slackRateLimited(waitSeconds: number): void;
  /** A `POST /pagerduty/webhook` delivery: its event type and what became of it. */
  pagerDutyWebhook(type: string, outcome: string): void;
}

type Attributes = Record<string, string | number | boolean>;

/** Spans around a declaration and a page (OpenTelemetry when OTEL_EXPORTER_OTLP_ENDPOINT is set). */
export interface Tracer {
  /** Runs `fn` in a span; `fn` may add attributes learnt on the way (the incident's reference). */
  span<T>(name: string, attributes: Attributes, fn: (span: SpanAttributes) => Promise<T>): Promise<T>;
}

export interface SpanAttributes {
  set(attributes: Attributes): void;
}

/** Metrics that go nowhere (scripts, unit tests that do not look at them). */
export const noMetrics: Metrics = {
  incidentDeclared() {},
  slashCommand() {},
  slackRequest() {},
  pageSent() {},
  pageFailed() {},
  pageRetried() {},
  escalationFired() {},
  incidentAcknowledged() {},
  slackApiCall() {},
  slackRateLimited() {},
  pagerDutyWebhook() {},
};

/** A tracer that only runs `fn`. */
export const noTracer: Tracer = { span: (_name, _attributes, fn) => fn({ set() {} }) };
