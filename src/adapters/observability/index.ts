import { Router } from "express";
import type { Redis } from "ioredis";
import { incidentRef } from "../../domain/incident/incident.js";
import type { Clock } from "../../ports/clock.js";
import type { IncidentStore } from "../../ports/incident-store.js";
import type { SlackBacklog } from "../../ports/slack-outbox.js";
import { metricsRouter } from "../http/metrics-routes.js";
import { createQueueStats } from "../queue/queue-stats.js";
import { inContext } from "./context.js";
import { createPromMetrics } from "./prom-metrics.js";
import { startTracing } from "./tracing.js";

export interface ObservabilityOptions {
  env: { OTEL_EXPORTER_OTLP_ENDPOINT?: string };
  redis: Redis;
  prefix: string;
  record: {
    stores: { incidents: IncidentStore };
    slackJobs?: { backlog(): SlackBacklog };
    ping(): unknown;
  };
  clock: Clock;
  /** The bot's stop stack: the queue readers and the tracer stop with the bot. */
  stack: { push(stop: () => Promise<unknown>): void };
}

/** A caller's own id is kept when it looks like one (a load balancer's request id); else a new one. */
const callerId = (value: string | undefined) => (value && /^[\w.-]{8,64}$/.test(value) ? value : undefined);

/**
 * The bot watching itself: its metrics (`metrics`, the Metrics port; `GET /metrics`), the spans of
 * declarations and pages (`tracer`, exported only with OTEL_EXPORTER_OTLP_ENDPOINT), and the
 * request context of the HTTP routes mounted after `http` (a correlation id on every log line, and
 * the incident of `/api/incidents/{id}`).
 */
export async function startObservability(options: ObservabilityOptions) {
  const { redis, clock } = options;
  const queues = createQueueStats(redis, options.prefix);
  const ready = () => {
    try {
      options.record.ping();
      return redis.status === "ready";
    } catch {
      return false;
    }
  };
  const metrics = createPromMetrics({
    incidents: options.record.stores.incidents,
    queues: queues.read,
    ...(options.record.slackJobs ? { slackOutbox: options.record.slackJobs } : {}),
    ready,
    startedAt: clock.now(),
    now: () => clock.now(),
  });
  const tracer = await startTracing(options.env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const http = Router();
  http.use((req, res, next) => {
    const id = /^\/api\/incidents\/(\d+)(\/|$)/.exec(req.path)?.[1];
    const context = {
      correlationId: callerId(req.get("x-correlation-id") ?? req.get("x-request-id")),
      incident: id ? incidentRef({ id: Number(id) }) : undefined,
    };
    inContext(context, () => {
      res.set("x-correlation-id", context.correlationId);
      next();
    });
  });
  http.use(metricsRouter(metrics));
  options.stack.push(() => Promise.allSettled([queues.close(), tracer.stop()]));
  return { metrics, tracer, http, ports: { metrics, tracer } };
}
