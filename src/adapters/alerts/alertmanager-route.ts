import { createHash, timingSafeEqual } from "node:crypto";
import express, { Router } from "express";
import type { z } from "zod";
import { receiveAlert } from "../../app/alerts/receive-alert.js";
import type { Deps } from "../../app/deps.js";
import { alertmanagerPayload, fromAlertmanager } from "./alertmanager-payload.js";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? "");
  return timingSafeEqual(digest(m?.[1]?.trim() ?? ""), digest(token)) && Boolean(m);
}

/** The first problem of a zod error, as "field.path: what is wrong". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid body";
  const path = issue.path
    .map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`))
    .join("")
    .replace(/^\./, "");
  return `${path || "(body)"}: ${issue.message}`;
}

/**
 * `POST /alerts/alertmanager`: Alertmanager's (or Grafana's) webhook. The token is checked before
 * the body is read, so a wrong one records nothing; a bad body is a 400 naming its field.
 */
export function alertmanagerRouter(options: { token?: string; deps: Deps }): Router {
  const http = Router();
  http.post("/alerts/alertmanager", express.raw({ type: () => true, limit: "1mb" }), async (req, res) => {
    if (!options.token) {
      res.status(503).json({ error: "alerts_not_configured", message: "set ALERTS_TOKEN to take alerts" });
      return;
    }
    if (!bearerMatches(req.header("authorization"), options.token)) {
      res.status(401).json({ error: "invalid_token", message: "send Authorization: Bearer <ALERTS_TOKEN>" });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse((Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)).toString("utf8"));
    } catch {
      res.status(400).json({ error: "invalid_json", message: "the body is not JSON" });
      return;
    }
    const parsed = alertmanagerPayload.safeParse(json);
    if (!parsed.success) {
      res.status(400).json({ error: "invalid_body", message: firstIssue(parsed.error) });
      return;
    }
    try {
      res.status(200).json(await receiveAlert(options.deps, fromAlertmanager(parsed.data)));
    } catch (error) {
      options.deps.logger.error({ err: error }, "Alertmanager webhook failed");
      res.status(500).json({ error: "internal_error" });
    }
  });
  return http;
}
