import { Router } from "express";

export interface MetricsSource {
  /** The Prometheus text exposition, gauges read now. */
  scrape(): Promise<string>;
  contentType: string;
}

/**
 * `GET /metrics` in Prometheus text format: the bot's own metrics (`adapters/observability`), so
 * the bot that pages everyone is itself watched: up, ready, pages failing, timers late, queues.
 */
export function metricsRouter(source: MetricsSource): Router {
  const http = Router();
  http.get("/metrics", async (_req, res) => {
    res.type(source.contentType).send(await source.scrape());
  });
  return http;
}
