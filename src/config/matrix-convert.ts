import type { EscalationMatrix, Policy } from "../domain/escalation/escalation-matrix.js";
import { toAlertRouting } from "./matrix-alerts.js";
import type { MatrixFile } from "./matrix-schema.js";

/** The validated file in the domain's shape: camelCase, durations in ms, optional parts omitted. */
export function toMatrix(file: MatrixFile, source: string): EscalationMatrix {
  const policy = (p: MatrixFile["policies"]["sev1"]): Policy => ({
    steps: p.steps.map((s) => ({ target: s.target, afterMs: s.after, until: s.until })),
    businessHoursOnly: p.business_hours_only,
    ...(p.status_updates
      ? { statusUpdates: { everyMs: p.status_updates.every, audiences: p.status_updates.to } }
      : {}),
    ...(p.sla_breach ? { slaBreach: { audiences: p.sla_breach.notify } } : {}),
    ...(p.customer_reports
      ? { customerReports: { threshold: p.customer_reports.threshold, audiences: p.customer_reports.notify } }
      : {}),
    ...(p.compliance ? { compliance: { audiences: p.compliance.notify } } : {}),
  });
  return {
    source,
    targets: Object.fromEntries(
      Object.entries(file.targets).map(([id, t]) => [
        id,
        {
          id,
          name: t.name,
          ...(t.pagerduty
            ? {
                pagerduty: {
                  routingKey: t.pagerduty.routing_key,
                  ...(t.pagerduty.schedule_id ? { scheduleId: t.pagerduty.schedule_id } : {}),
                  ...(t.pagerduty.escalation_policy_id
                    ? { escalationPolicyId: t.pagerduty.escalation_policy_id }
                    : {}),
                },
              }
            : {}),
          slack: { users: t.slack.users, usergroups: t.slack.usergroups },
        },
      ]),
    ),
    comms: Object.fromEntries(Object.entries(file.comms).map(([id, c]) => [id, { id, ...c }])),
    policies: {
      sev1: policy(file.policies.sev1),
      sev2: policy(file.policies.sev2),
      sev3: policy(file.policies.sev3),
      security: policy(file.policies.security),
    },
    businessHours: {
      days: file.business_hours.days,
      startMinute: file.business_hours.start,
      endMinute: file.business_hours.end,
      timeZone: file.business_hours.time_zone,
    },
    ...(file.audit
      ? {
          audit: {
            evidence: file.audit.evidence,
            ...(file.audit.channel ? { channel: file.audit.channel } : {}),
          },
        }
      : {}),
    services: [
      ...new Set([
        ...file.services.map((s) => (typeof s === "string" ? s : s.name)),
        ...Object.values(file.targets).flatMap((t) => t.services),
      ]),
    ],
    alerts: toAlertRouting(file.alerts),
  };
}
