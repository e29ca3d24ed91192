import type { Verdict } from "../../domain/alerts/actionability.js";
import type { Deps } from "../deps.js";
import { linkedPlaybookIds } from "../playbooks/link-playbooks.js";

export type FeedbackSubject = { group: number } | { incident: number };

export function parseFeedbackSubject(value: string): FeedbackSubject | null {
  const m = /^(group|incident)-(\d+)$/.exec(value);
  if (!m) return null;
  return m[1] === "group" ? { group: Number(m[2]) } : { incident: Number(m[2]) };
}

export type FeedbackResult = { kind: "recorded"; verdict: Verdict; about: string } | { kind: "unknown" };

/**
 * *Actionable* / *Noise* on an alert message or a page DM: one answer per person and subject, the
 * last click counts. A page's answer counts for the alert that opened the incident (if any) and
 * the incident's first playbook.
 */
export function answerFeedback(
  deps: Pick<Deps, "alerts" | "incidents" | "timeline" | "clock">,
  subject: FeedbackSubject,
  userId: string,
  verdict: Verdict,
): FeedbackResult {
  const answeredAt = deps.clock.now();
  if ("group" in subject) {
    const group = deps.alerts.group(subject.group);
    if (!group) return { kind: "unknown" };
    const incident = group.incidentId === null ? null : deps.incidents.get(group.incidentId);
    deps.alerts.answer({
      subject: `group-${group.id}`,
      incidentId: group.incidentId,
      groupId: group.id,
      userId,
      verdict,
      alertname: group.alertname,
      playbookId: group.playbookId,
      security: incident?.security ?? group.severity === "security",
      answeredAt,
    });
    return { kind: "recorded", verdict, about: `alert ${group.alertname}` };
  }
  const incident = deps.incidents.get(subject.incident);
  if (!incident) return { kind: "unknown" };
  const group = deps.alerts.groupsOfIncident(incident.id)[0] ?? null;
  deps.alerts.answer({
    subject: `incident-${incident.id}`,
    incidentId: incident.id,
    groupId: group?.id ?? null,
    userId,
    verdict,
    alertname: group?.alertname ?? null,
    playbookId: group?.playbookId ?? linkedPlaybookIds(deps, incident.id)[0] ?? null,
    security: incident.security,
    answeredAt,
  });
  return { kind: "recorded", verdict, about: `the page for INC-${incident.id}` };
}
