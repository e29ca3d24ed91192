import type { Incident } from "../../domain/incident/incident.js";
import { severityLabel } from "../../domain/incident/severity.js";
import type { Deps } from "../deps.js";
import { declaredMessage } from "./edge-comms.js";
import { notifyAudiences } from "./notify-audiences.js";

export type CommsResult =
  | { kind: "sent"; to: string[]; failed: string[] }
  | { kind: "counted"; count: number; threshold: number }
  | { kind: "not-applicable"; reason: string };

type Rule = "sla-breach" | "customer-report" | "compliance";

/**
 * The handbook's comms rules: SEV-2 customer comms only when an SLA breach is projected; SEV-3
 * product only at the Nth customer report or at once for compliance relevance. Which audiences,
 * and the threshold, come from the matrix.
 */
export async function sendComms(
  deps: Pick<Deps, "clock" | "timeline" | "matrix" | "escalationMessages" | "templates"> &
    Parameters<typeof notifyAudiences>[0],
  input: { incident: Incident; rule: Rule; text: string | null; actor: string },
): Promise<CommsResult> {
  const { incident } = input;
  const policy = deps.matrix.policies[incident.severity];
  const label = severityLabel(incident.severity, incident.security);
  const send = async (audiences: string[], what: string) => {
    // An SLA breach starts the customer comms of a SEV-2: the declaration template, like a SEV-1's.
    const message =
      input.rule === "sla-breach"
        ? declaredMessage(deps, incident, what, input.text)
        : deps.escalationMessages.comms(incident, what, input.text);
    const { sent, failed } = await notifyAudiences(deps, incident, {
      audiences,
      message,
      why: what,
      actor: input.actor,
    });
    return { kind: "sent" as const, to: sent, failed };
  };
  if (input.rule === "sla-breach") {
    if (!policy.slaBreach)
      return {
        kind: "not-applicable",
        reason: `the ${label} policy has no SLA-breach comms (the matrix sets them for SEV-2)`,
      };
    return send(policy.slaBreach.audiences, "SLA breach projected");
  }
  if (input.rule === "compliance") {
    const rule =
      policy.compliance ?? (incident.security ? deps.matrix.policies.security.compliance : undefined);
    if (!rule) return { kind: "not-applicable", reason: `the ${label} policy has no compliance comms` };
    return send(rule.audiences, "Compliance-relevant incident");
  }
  const rule = policy.customerReports;
  if (!rule)
    return {
      kind: "not-applicable",
      reason: `the ${label} policy does not count customer reports (the matrix sets it for SEV-3)`,
    };
  deps.timeline.append({
    incidentId: incident.id,
    kind: "note",
    occurredAt: deps.clock.now(),
    actor: input.actor,
    text: `Customer report${input.text ? `: ${input.text}` : ""}`,
    data: { customerReport: true },
  });
  const count = deps.timeline.list(incident.id).filter((e) => e.data.customerReport === true).length;
  if (count === rule.threshold) return send(rule.audiences, `${count} customer reports`);
  return { kind: "counted", count, threshold: rule.threshold };
}
