import { createHmac, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";

/**
 * PagerDuty → bot webhooks (v3): what PagerDuty posts to `/pagerduty/webhook` when someone
 * acknowledges or resolves in PagerDuty, signed the way PagerDuty signs it.
 */

/** `X-PagerDuty-Signature` value: `v1=` + hex HMAC-SHA256 of the raw body. */
export function signPagerDutyWebhook(body: string, secret: string): string {
  return `v1=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export type PagerDutyIncidentEventType =
  | "incident.triggered"
  | "incident.acknowledged"
  | "incident.unacknowledged"
  | "incident.escalated"
  | "incident.reassigned"
  | "incident.resolved";

export interface PagerDutyWebhookInput {
  type: PagerDutyIncidentEventType;
  /** The Events API dedup_key the incident was triggered with; PagerDuty calls it `incident_key`. */
  dedupKey?: string;
  /** Alias of dedupKey, in PagerDuty's own words. */
  incidentKey?: string;
  incidentId?: string;
  title?: string;
  agent?: { id?: string; summary?: string; type?: "user_reference" | "service_reference" };
  occurredAt?: string;
  eventId?: string;
  /** The PagerDuty service the incident belongs to (default PSVC001, "imoc"). */
  service?: { id: string; summary: string };
}

const STATUS: Record<PagerDutyIncidentEventType, string> = {
  "incident.triggered": "triggered",
  "incident.acknowledged": "acknowledged",
  "incident.unacknowledged": "triggered",
  "incident.escalated": "triggered",
  "incident.reassigned": "triggered",
  "incident.resolved": "resolved",
};

/** A v3 webhook body (`{event: {...}}`), shaped like PagerDuty's documented sample. */
export function pagerDutyWebhookEvent(input: PagerDutyWebhookInput): { event: Record<string, unknown> } {
  const incidentId = input.incidentId ?? "PINC0001";
  const agentId = input.agent?.id ?? "PUSER01";
  return {
    event: {
      id: input.eventId ?? randomUUID().replace(/-/g, "").toUpperCase().slice(0, 26),
      event_type: input.type,
      resource_type: "incident",
      occurred_at: input.occurredAt ?? new Date().toISOString(),
      agent: {
        html_url: `https://fake.pagerduty.com/users/${agentId}`,
        id: agentId,
        self: `https://api.pagerduty.com/users/${agentId}`,
        summary: input.agent?.summary ?? "Pat Primary",
        type: input.agent?.type ?? "user_reference",
      },
      client: null,
      data: {
        id: incidentId,
        type: "incident",
        self: `https://api.pagerduty.com/incidents/${incidentId}`,
        html_url: `https://fake.pagerduty.com/incidents/${incidentId}`,
        number: 1,
        status: STATUS[input.type],
        incident_key: input.dedupKey ?? input.incidentKey ?? null,
        created_at: new Date().toISOString(),
        title: input.title ?? "imoc page",
        service: { id: "PSVC001", summary: "imoc", ...input.service, type: "service_reference" },
        assignees: [{ id: agentId, type: "user_reference", summary: input.agent?.summary ?? "Pat Primary" }],
        escalation_policy: { id: "PEP0001", type: "escalation_policy_reference", summary: "Default" },
        teams: [],
        priority: null,
        urgency: "high",
        conference_bridge: null,
        resolve_reason: null,
      },
    },
  };
}

/** POSTs a webhook to the bot as PagerDuty does. Returns the answer and how long it took. */
export async function sendPagerDutyWebhook(
  botUrl: string,
  secret: string,
  payload: { event: Record<string, unknown> },
  opts: { forgeSignature?: boolean; path?: string } = {},
): Promise<{ status: number; body: string; ms: number; headers: Headers }> {
  const body = JSON.stringify(payload);
  const started = performance.now();
  const res = await fetch(`${botUrl.replace(/\/+$/, "")}${opts.path ?? "/pagerduty/webhook"}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "PagerDuty-Webhook/V3.0",
      "X-PagerDuty-Signature": signPagerDutyWebhook(body, opts.forgeSignature ? `${secret}-forged` : secret),
      "X-Webhook-Id": randomUUID(),
      "X-Webhook-Subscription": "PSUB001",
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text, ms: performance.now() - started, headers: res.headers };
}
