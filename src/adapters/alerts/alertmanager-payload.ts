import { z } from "zod";
import type { IncomingAlert } from "../../domain/alerts/alert-routing.js";

const labels = z.record(z.string(), z.string());
const status = z.enum(["firing", "resolved"], { error: "must be firing or resolved" });

/** Alertmanager's webhook payload (`version: "4"`), as its docs publish it; Grafana's too. */
export const alertmanagerPayload = z.object({
  // Grafana alerting's webhook sends the same fields as version "1" (plus its own, ignored).
  version: z.enum(["4", "1"], { error: 'must be "4" (Alertmanager) or "1" (Grafana alerting)' }),
  groupKey: z.string({ error: "is missing: Alertmanager's group key" }).min(1, { error: "is empty" }),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status,
  receiver: z.string().optional(),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels.default({}),
  externalURL: z.string().optional(),
  alerts: z
    .array(
      z.object({
        status,
        labels,
        annotations: labels.default({}),
        startsAt: z.string(),
        endsAt: z.string().optional(),
        generatorURL: z.string().optional(),
        fingerprint: z.string().optional(),
      }),
    )
    .min(1, { error: "must hold at least one alert" }),
});

export type AlertmanagerPayload = z.infer<typeof alertmanagerPayload>;

const httpUrl = (v: string | undefined) => (v && /^https?:\/\//i.test(v) ? v : null);

/** One Alertmanager notification as an alert group: routed on the labels every alert shares. */
export function fromAlertmanager(payload: AlertmanagerPayload): IncomingAlert {
  const first = payload.alerts[0];
  const labelsOf = { ...payload.commonLabels, ...payload.groupLabels };
  const alertname = labelsOf.alertname ?? first?.labels.alertname ?? "unnamed alert";
  const title =
    payload.commonAnnotations.summary ??
    first?.annotations.summary ??
    payload.commonAnnotations.description ??
    alertname;
  return {
    source: "alertmanager",
    key: payload.groupKey,
    status: payload.status,
    alertname,
    labels: labelsOf,
    pagerdutyService: null,
    title: title.slice(0, 200),
    alerts: payload.alerts.length,
    link: httpUrl(first?.generatorURL) ?? httpUrl(payload.externalURL),
  };
}
