import { type Metrics, noTracer, type Tracer } from "../../../src/ports/metrics.js";

export type MetricCall = { [K in keyof Metrics]: [K, ...Parameters<Metrics[K]>] }[keyof Metrics];

/** The Metrics port in memory: every call, in order, for tests that check what was counted. */
export function memoryMetrics(): Metrics & {
  calls: MetricCall[];
  named<K extends keyof Metrics>(name: K): MetricCall[];
} {
  const calls: MetricCall[] = [];
  const record =
    <K extends keyof Metrics>(name: K) =>
    (...args: Parameters<Metrics[K]>) =>
      void calls.push([name, ...args] as unknown as MetricCall);
  return {
    calls,
    named: (name) => calls.filter((c) => c[0] === name),
    incidentDeclared: record("incidentDeclared"),
    slashCommand: record("slashCommand"),
    slackRequest: record("slackRequest"),
    pageSent: record("pageSent"),
    pageFailed: record("pageFailed"),
    pageRetried: record("pageRetried"),
    escalationFired: record("escalationFired"),
    incidentAcknowledged: record("incidentAcknowledged"),
    slackApiCall: record("slackApiCall"),
    slackRateLimited: record("slackRateLimited"),
    pagerDutyWebhook: record("pagerDutyWebhook"),
  };
}

export const memoryTracer: Tracer = noTracer;
