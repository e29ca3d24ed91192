import { z } from "zod";
import { parseDuration } from "../domain/time/duration.js";
import { WEEKDAYS } from "../domain/escalation/escalation-matrix.js";
import { alertsSection } from "./matrix-alerts.js";

/** The YAML shape of `playbooks/escalation-matrix.yaml`; messages say what to write instead. */
const duration = z
  .string({ error: 'write a duration such as "30s", "5m" or "1h"' })
  .refine((v) => parseDuration(v) !== null, {
    error: (issue) =>
      `"${String(issue.input)}" is not a duration; write a number and a unit, e.g. "30s", "5m", "1h" or "0m"`,
  })
  .transform((v) => parseDuration(v) ?? 0);

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, {
  error: "ids are lowercase letters, digits and _ (e.g. primary, incident_commander)",
});

const clock = z
  .string({ error: 'write a time of day such as "09:00"' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'write a 24-hour time of day such as "09:00" or "17:30"' })
  .transform((v) => Number(v.slice(0, 2)) * 60 + Number(v.slice(3)));

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  {
    error: (i) =>
      `"${String(i.input)}" is not an IANA time zone; write e.g. Europe/London or America/New_York`,
  },
);

const routingKey = z.string().refine((v) => v.length === 32, {
  // Never echo the value: routing keys are secrets.
  error: "must be the 32-character Events API v2 integration key (PagerDuty → Service → Integrations)",
});

const service = z
  .string({ error: "write a service name such as checkout-api" })
  .trim()
  .min(1, { error: "write a service name such as checkout-api" });

const target = z.strictObject({
  name: z.string({ error: "give the target a name people recognise, e.g. Primary on-call" }).min(1),
  pagerduty: z
    .strictObject({
      routing_key: routingKey,
      schedule_id: z.string().optional(),
      escalation_policy_id: z.string().optional(),
    })
    .optional(),
  slack: z
    .strictObject({
      users: z
        .array(z.string().regex(/^[UW][A-Z0-9_]+$/, { error: "Slack user ids look like U0123ABCD" }))
        .default([]),
      usergroups: z
        .array(z.string().regex(/^S[A-Z0-9_]+$/, { error: "Slack user group ids look like S0123ABCD" }))
        .default([]),
    })
    .default({ users: [], usergroups: [] }),
  /** Services this target is paged for: each needs a playbook, like the top-level list. */
  services: z.array(service).default([]),
});

const step = z.strictObject({
  target: id,
  after: duration,
  until: z
    .enum(["acknowledged", "mitigated", "resolved"], {
      error: "until is one of acknowledged, mitigated, resolved (default resolved)",
    })
    .default("resolved"),
});

const audiences = z.array(id).min(1, { error: "name at least one audience from comms:" });

const policy = z.strictObject({
  steps: z.array(step).default([]),
  business_hours_only: z.boolean().default(false),
  status_updates: z.strictObject({ every: duration, to: audiences }).optional(),
  sla_breach: z.strictObject({ notify: audiences }).optional(),
  customer_reports: z.strictObject({ threshold: z.number().int().min(1), notify: audiences }).optional(),
  compliance: z.strictObject({ notify: audiences }).optional(),
});

export const matrixSchema = z.strictObject({
  version: z.literal(1, { error: "write version: 1" }),
  business_hours: z.strictObject({
    days: z
      .array(z.enum(WEEKDAYS, { error: `days are ${WEEKDAYS.join(", ")}` }))
      .min(1, { error: "list at least one day, e.g. [mon, tue, wed, thu, fri]" }),
    start: clock,
    end: clock,
    time_zone: timeZone,
  }),
  targets: z.record(id, target),
  services: z
    .array(
      z.union([service, z.strictObject({ name: service })], {
        error: "write a service name such as checkout-api (or { name: checkout-api })",
      }),
    )
    .default([]),
  comms: z
    .record(
      id,
      z.strictObject({
        name: z.string().min(1),
        channel: z.string().regex(/^[CG][A-Z0-9]+$/, { error: "write a Slack channel id such as C0123ABCD" }),
      }),
    )
    .default({}),
  /** Chain of custody: where checkpoints are posted, and whose files are kept as evidence. */
  audit: z
    .strictObject({
      // Empty (an unset `${SLACK_CHANNEL_AUDIT:-}`): checkpoints are not posted.
      channel: z
        .string()
        .regex(/^([CG][A-Z0-9]+)?$/, { error: "write a Slack channel id such as C0123ABCD" })
        .optional(),
      evidence: z
        .enum(["security", "all"], { error: "evidence is security (default) or all" })
        .default("security"),
    })
    .optional(),
  policies: z.strictObject(
    { sev1: policy, sev2: policy, sev3: policy, security: policy },
    {
      error: "policies needs sev1, sev2, sev3 and security",
    },
  ),
  // issue 10: alert intake routes (README "Alerts in").
  alerts: alertsSection.optional(),
});

/**
 * What an unset `${NAME}` becomes in a check that pages nobody, by the key of the value it is in:
 * something of the shape that field needs, so the rest of the file is still checked.
 */
export const PLACEHOLDERS: Readonly<Record<string, string>> = {
  routing_key: "0".repeat(32),
  users: "UPLACEHOLDER",
  usergroups: "SPLACEHOLDER",
  channel: "CPLACEHOLDER",
  triage_channel: "CPLACEHOLDER",
};
export const PLACEHOLDER = "placeholder";

export type MatrixFile = z.infer<typeof matrixSchema>;
