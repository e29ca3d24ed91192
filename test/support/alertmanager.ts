import { createHash } from "node:crypto";

/**
 * Alertmanager → bot webhooks: the `version: "4"` payload of Alertmanager's documentation
 * (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config), posted with the
 * bearer token a receiver's `http_config.authorization` sends.
 */
export interface AlertmanagerInput {
  alertname: string;
  status?: "firing" | "resolved";
  labels?: Record<string, string>;
  summary?: string;
  /** How many alerts the group holds (each with its own instance label). */
  alerts?: number;
  /** Defaults to Alertmanager's form for a route grouped by alertname. */
  groupKey?: string;
}

export function alertmanagerPayload(input: AlertmanagerInput): Record<string, unknown> {
  const status = input.status ?? "firing";
  const common = { alertname: input.alertname, ...input.labels };
  const startsAt = "2026-11-27T10:00:00.000Z";
  return {
    version: "4",
    groupKey: input.groupKey ?? `{}/{}:{alertname="${input.alertname}"}`,
    truncatedAlerts: 0,
    status,
    receiver: "imoc",
    groupLabels: { alertname: input.alertname },
    commonLabels: common,
    commonAnnotations: { summary: input.summary ?? `${input.alertname} is firing` },
    externalURL: "http://alertmanager.example.com:9093",
    alerts: Array.from({ length: input.alerts ?? 1 }, (_, i) => ({
      status,
      labels: { ...common, instance: `host-${i + 1}:9100` },
      annotations: { summary: input.summary ?? `${input.alertname} is firing` },
      startsAt,
      endsAt: status === "resolved" ? "2026-11-27T10:20:00.000Z" : "0001-01-01T00:00:00Z",
      generatorURL: `http://prometheus.example.com:9090/graph?g0.expr=${encodeURIComponent(input.alertname)}`,
      fingerprint: createHash("sha256").update(`${input.alertname}/${i}`).digest("hex").slice(0, 16),
    })),
  };
}

export async function sendAlertmanager(
  botUrl: string,
  token: string | null,
  payload: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${botUrl.replace(/\/+$/, "")}/alerts/alertmanager`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "Alertmanager/0.27.0",
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
    },
    body: typeof payload === "string" ? payload : JSON.stringify(payload),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
