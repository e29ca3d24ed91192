import { z } from "zod";
import { type ReceiveDeps, receiveAlert } from "../../app/alerts/receive-alert.js";
import type { IncomingAlert } from "../../domain/alerts/alert-routing.js";
import { firstIssue } from "./alertmanager-route.js";

/** The part of a v3 `incident.*` event's `data` that makes a PagerDuty incident an alert. */
export const pagerDutyIncidentData = z.object({
  id: z.string({ error: "is missing: the PagerDuty incident id" }).min(1),
  title: z.string().nullish(),
  html_url: z.string().nullish(),
  urgency: z.string().nullish(),
  service: z.object(
    { id: z.string({ error: "is missing: the PagerDuty service id" }).min(1), summary: z.string().nullish() },
    { error: "is missing: the incident's service reference" },
  ),
});

/** A PagerDuty service's own incident as an alert group (one per PagerDuty incident). */
export function fromPagerDuty(
  data: z.infer<typeof pagerDutyIncidentData>,
  status: IncomingAlert["status"],
): IncomingAlert {
  const name = data.service.summary ?? data.service.id;
  return {
    source: "pagerduty",
    key: data.id,
    status,
    alertname: name,
    labels: {
      service_id: data.service.id,
      service: name,
      ...(data.urgency ? { urgency: data.urgency } : {}),
    },
    pagerdutyService: data.service.id,
    title: (data.title ?? name).slice(0, 200),
    alerts: 1,
    link: data.html_url && /^https?:\/\//.test(data.html_url) ? data.html_url : null,
  };
}

/**
 * `incident.triggered` (and later `incident.resolved`) of an incident imoc did not create: imoc's
 * own pages carry a dedup key recorded in the pages table. Null: not an alert, the webhook's
 * acknowledge/resolve handling goes on.
 */
export async function takePagerDutyAlert(
  deps: ReceiveDeps,
  event: { event_type: string; data: Record<string, unknown> & { incident_key?: string | null } },
): Promise<{ status: number; body: unknown } | null> {
  const triggered = event.event_type === "incident.triggered";
  if (!triggered && event.event_type !== "incident.resolved") return null;
  const key = event.data.incident_key;
  if (key && deps.escalations.pageByDedupKey(key)) return null;
  const parsed = pagerDutyIncidentData.safeParse(event.data);
  if (!parsed.success) {
    if (!triggered) return null;
    return {
      status: 400,
      body: { error: "invalid_body", message: `event.data.${firstIssue(parsed.error)}` },
    };
  }
  if (!triggered && !deps.alerts.groupByKey("pagerduty", parsed.data.id)) return null;
  return {
    status: 200,
    body: await receiveAlert(deps, fromPagerDuty(parsed.data, triggered ? "firing" : "resolved")),
  };
}
