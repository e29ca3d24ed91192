import express, { Router } from "express";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import { handlePagerDutyEvent } from "../../app/escalation/handle-pagerduty-event.js";
import { takePagerDutyAlert } from "../alerts/pagerduty-alert.js";
import { incidentRef } from "../../domain/incident/incident.js";
import { setContextIncident } from "../observability/context.js";
import { verifyPagerDutySignature } from "./webhook-signature.js";

const webhookBody = z.object({
  event: z.object({
    event_type: z.string(),
    agent: z.object({ summary: z.string().optional() }).nullish(),
    data: z.object({ incident_key: z.string().nullish() }).passthrough(),
  }),
});

/**
 * `POST /pagerduty/webhook`. The raw body is kept for the signature (a re-serialised JSON would
 * not match); the route is answered only after the signature and the body check out.
 */
export function pagerDutyWebhookRouter(options: { secret?: string; deps: Deps }): Router {
  const http = Router();
  http.post("/pagerduty/webhook", express.raw({ type: () => true, limit: "256kb" }), async (req, res) => {
    let type = "unknown";
    res.once("finish", () =>
      options.deps.metrics.pagerDutyWebhook(type, outcome(res.statusCode, res.locals)),
    );
    if (!options.secret) {
      res.status(503).json({ error: "webhook_not_configured", message: "set PAGERDUTY_WEBHOOK_SECRET" });
      return;
    }
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyPagerDutySignature(raw, req.header("x-pagerduty-signature"), options.secret)) {
      res.status(401).json({ error: "invalid_signature" });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString("utf8"));
    } catch {
      res.status(400).json({ error: "invalid_json" });
      return;
    }
    const parsed = webhookBody.safeParse(json);
    if (!parsed.success) {
      res.status(400).json({ error: "invalid_body", message: parsed.error.issues[0]?.message });
      return;
    }
    const { event } = parsed.data;
    type = event.event_type;
    const page = event.data.incident_key
      ? options.deps.escalations.pageByDedupKey(event.data.incident_key)
      : null;
    if (page) setContextIncident(incidentRef({ id: page.incidentId }));
    try {
      // issue 10: a PagerDuty service's own incident is an alert (routed by service id).
      const alert = await takePagerDutyAlert(options.deps, event);
      if (alert) {
        if (alert.status < 300) res.locals.outcome = "alert";
        return void res.status(alert.status).json(alert.body);
      }
      const result = await handlePagerDutyEvent(options.deps, {
        type: event.event_type,
        dedupKey: event.data.incident_key ?? null,
        agent: event.agent?.summary ?? null,
      });
      res.locals.outcome = result.kind;
      res.status(200).json(result);
    } catch (error) {
      options.deps.logger.error({ err: error }, "PagerDuty webhook failed");
      res.status(500).json({ error: "internal_error" });
    }
  });
  return http;
}

/** A delivery's outcome label: what the use case did, else what was wrong with the request. */
function outcome(status: number, locals: Record<string, unknown>): string {
  if (typeof locals.outcome === "string") return locals.outcome;
  return (
    ({ 400: "invalid_body", 401: "invalid_signature", 503: "not_configured" } as Record<number, string>)[
      status
    ] ?? "error"
  );
}
