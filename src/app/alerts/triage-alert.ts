import { alertIncidentTitle } from "../../domain/alerts/alert-routing.js";
import type { Incident } from "../../domain/incident/incident.js";
import { DEFAULT_SECURITY_SEVERITY, SEVERITIES, type Severity } from "../../domain/incident/severity.js";
import { slackActor } from "../../domain/timeline/timeline-event.js";
import type { AlertGroup } from "../../ports/alert-store.js";
import { declareIncident } from "../incident/declare-incident.js";
import { attachGroups } from "./alert-context.js";
import type { ReceiveDeps } from "./receive-alert.js";

/** What a triage button acts on: `group-<id>` or `storm-<id>` (every pending group of the storm). */
export type TriageSubject = { group: number } | { storm: number };

export function parseSubject(value: string): TriageSubject | null {
  const m = /^(group|storm)-(\d+)$/.exec(value);
  if (!m) return null;
  return m[1] === "group" ? { group: Number(m[2]) } : { storm: Number(m[2]) };
}

export type TriageResult =
  | { kind: "declared"; incident: Incident; groups: number }
  | { kind: "attached"; incident: Incident; groups: number }
  | { kind: "dismissed"; groups: number }
  | { kind: "nothing-to-do"; reason: string };

function pending(deps: Pick<ReceiveDeps, "alerts">, subject: TriageSubject): AlertGroup[] {
  const groups =
    "group" in subject
      ? [deps.alerts.group(subject.group)].filter((g): g is AlertGroup => g !== null)
      : deps.alerts.groupsOfStorm(subject.storm);
  return groups.filter((g) => g.incidentId === null && !g.dismissedAt);
}

function refresh(deps: Pick<ReceiveDeps, "outbox">, subject: TriageSubject): void {
  deps.outbox.add(
    null,
    "group" in subject
      ? { kind: "alertTriage", groupId: subject.group }
      : { kind: "alertStorm", stormId: subject.storm },
  );
}

/** The most severe of the groups' severities (security wins), for one incident that takes them all. */
function severityOf(groups: readonly AlertGroup[]): { severity: Severity; security: boolean } {
  const security = groups.some((g) => g.severity === "security");
  const ranked = SEVERITIES.find((s) => groups.some((g) => g.severity === s));
  return { severity: ranked ?? DEFAULT_SECURITY_SEVERITY, security };
}

/** *Declare*: one incident for the alert (or the storm), declared by whoever clicked. */
export async function declareFromAlert(
  deps: ReceiveDeps,
  subject: TriageSubject,
  userId: string,
): Promise<TriageResult> {
  const groups = pending(deps, subject);
  const first = groups[0];
  if (!first) return { kind: "nothing-to-do", reason: "already declared, attached or dismissed" };
  const { incident } = await declareIncident(deps, {
    ...severityOf(groups),
    title: groups.length === 1 ? alertIncidentTitle(first) : `Alert storm: ${groups.length} alert groups`,
    service: first.service,
    description: first.link,
    declaredBy: userId,
    within: (created) => {
      attachGroups(deps, groups, created, slackActor(userId));
      refresh(deps, subject);
    },
  });
  return { kind: "declared", incident, groups: groups.length };
}

/** *Attach to INC-n*: the alert joins an open incident (its timeline, its channel, its playbook). */
export function attachAlert(
  deps: ReceiveDeps,
  subject: TriageSubject,
  incidentId: number,
  userId: string,
): TriageResult {
  const incident = deps.incidents.get(incidentId);
  if (!incident || incident.status === "resolved")
    return { kind: "nothing-to-do", reason: `INC-${incidentId} is not open` };
  return deps.transaction(() => {
    const groups = pending(deps, subject);
    if (groups.length === 0)
      return { kind: "nothing-to-do", reason: "already declared, attached or dismissed" };
    if (!incident.security && groups.some((g) => g.severity === "security"))
      return { kind: "nothing-to-do", reason: "a security alert is declared as its own security incident" };
    attachGroups(deps, groups, incident, slackActor(userId));
    refresh(deps, subject);
    return { kind: "attached", incident, groups: groups.length };
  });
}

/** *Dismiss*: nothing to do; the message says who decided. */
export function dismissAlert(deps: ReceiveDeps, subject: TriageSubject, userId: string): TriageResult {
  return deps.transaction(() => {
    const groups = pending(deps, subject);
    if (groups.length === 0)
      return { kind: "nothing-to-do", reason: "already declared, attached or dismissed" };
    const at = deps.clock.now();
    for (const g of groups) deps.alerts.updateGroup(g.id, { dismissedBy: userId, dismissedAt: at });
    refresh(deps, subject);
    return { kind: "dismissed", groups: groups.length };
  });
}
