import { z } from "zod";
import { type AlertRouting, DEFAULT_ALERT_ROUTING } from "../domain/alerts/alert-routing.js";
import { parseDuration } from "../domain/time/duration.js";

/** The `alerts:` section of the escalation matrix: how alerts become incidents or triage messages. */
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, {
  error: "label names are letters, digits and _ (e.g. alertname, service, severity)",
});

const regex = z.string().refine(
  (v) => {
    try {
      new RegExp(`^(?:${v})$`);
      return true;
    } catch {
      return false;
    }
  },
  { error: (i) => `"${String(i.input)}" is not a valid regular expression` },
);

const route = z.strictObject({
  name: z.string().trim().min(1).optional(),
  match: z.record(labelName, z.string()).default({}),
  match_re: z.record(labelName, regex).default({}),
  pagerduty_service: z
    .union([z.string().min(1), z.array(z.string().min(1))], {
      error: "write a PagerDuty service id such as PSVC123 (or a list of them)",
    })
    .optional(),
  severity: z.enum(["sev1", "sev2", "sev3", "security"], {
    error: "severity is one of sev1, sev2, sev3, security",
  }),
  service: z.string().trim().min(1).optional(),
  playbook: z.string().trim().min(1).optional(),
  mode: z
    .enum(["declare", "triage"], { error: "mode is declare (open the incident at once) or triage (default)" })
    .default("triage"),
});

const storm = z.strictObject({
  groups: z.number().int().min(1, { error: "write a number of new groups such as 10" }),
  within: z
    .string()
    .refine((v) => (parseDuration(v) ?? 0) >= 1000, { error: 'write a duration of at least 1s, e.g. "5m"' })
    .transform((v) => parseDuration(v) ?? 0),
});

const channelId = z
  .string()
  .regex(/^[CG][A-Z0-9]+$/, { error: "write a Slack channel id such as C0123ABCD" });

export const alertsSection = z.strictObject({
  triage_channel: channelId.optional(),
  /** Where security-severity triage messages go in full; without it the triage channel gets a redacted one. */
  security_triage_channel: channelId.optional(),
  storm: storm.optional(),
  unacknowledged_after: z
    .string()
    .refine((v) => (parseDuration(v) ?? 0) >= 1000, { error: 'write a duration of at least 1s, e.g. "5m"' })
    .transform((v) => parseDuration(v) ?? 0)
    .optional(),
  routes: z.array(route).default([]),
});

export type AlertsSection = z.infer<typeof alertsSection>;

/** Routes that match nothing would take every alert silently: each needs a rule. */
export function alertsProblems(section: AlertsSection | undefined): string[] {
  return (section?.routes ?? []).flatMap((r, i) =>
    Object.keys(r.match).length + Object.keys(r.match_re).length === 0 && !r.pagerduty_service
      ? [`alerts.routes[${i}]: matches nothing; give it match, match_re or pagerduty_service`]
      : [],
  );
}

export function toAlertRouting(section: AlertsSection | undefined): AlertRouting {
  if (!section) return DEFAULT_ALERT_ROUTING;
  return {
    triageChannel: section.triage_channel ?? null,
    securityTriageChannel: section.security_triage_channel ?? null,
    stormGroups: section.storm?.groups ?? DEFAULT_ALERT_ROUTING.stormGroups,
    stormWindowMs: section.storm?.within ?? DEFAULT_ALERT_ROUTING.stormWindowMs,
    unacknowledgedAfterMs: section.unacknowledged_after ?? DEFAULT_ALERT_ROUTING.unacknowledgedAfterMs,
    routes: section.routes.map((r, i) => ({
      name: r.name ?? `alerts.routes[${i}]`,
      match: r.match,
      matchRe: Object.fromEntries(Object.entries(r.match_re).map(([k, v]) => [k, new RegExp(`^(?:${v})$`)])),
      pagerdutyServices:
        r.pagerduty_service === undefined
          ? []
          : Array.isArray(r.pagerduty_service)
            ? r.pagerduty_service
            : [r.pagerduty_service],
      severity: r.severity,
      service: r.service ?? null,
      playbook: r.playbook ?? null,
      mode: r.mode,
    })),
  };
}
