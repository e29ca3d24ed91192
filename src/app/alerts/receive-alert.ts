import {
  alertIncidentTitle,
  type IncomingAlert,
  isStorm,
  routeFor,
} from "../../domain/alerts/alert-routing.js";
import { playbookForAlert } from "../../domain/playbooks/playbook.js";
import { DEFAULT_SECURITY_SEVERITY, isSeverity } from "../../domain/incident/severity.js";
import { type AlertGroup, AlertGroupExists, type NewAlertGroup } from "../../ports/alert-store.js";
import type { Deps } from "../deps.js";
import { declareIncident } from "../incident/declare-incident.js";
import {
  alertData,
  type AttachDeps,
  attachGroup,
  routingOf,
  sourceActor,
  triageChannelOf,
} from "./alert-context.js";

export type ReceiveDeps = AttachDeps &
  Parameters<typeof declareIncident>[0] &
  Pick<Deps, "matrix" | "incidentsChannel" | "transaction">;

export type ReceiveResult =
  | { kind: "declared"; groupId: number; incidentId: number }
  | { kind: "triage"; groupId: number }
  | { kind: "storm"; groupId: number; stormId: number }
  | { kind: "repeat"; groupId: number; count: number; incidentId: number | null }
  | { kind: "resolved"; groupId: number; incidentId: number | null }
  | { kind: "ignored"; groupId: number | null; reason: string };

const SOURCE_NAMES = { alertmanager: "Alertmanager", pagerduty: "PagerDuty" } as const;

/**
 * One notification of an alert group (Alertmanager) or PagerDuty incident. A new group that fires
 * is routed: `declare` opens the incident through the declare use case (escalation and all),
 * `triage` posts it to the triage channel; during a storm it joins the storm's one message. A
 * known group only bumps its count (a timeline event of its incident, no new message); its
 * resolution is recorded and said once.
 */
export async function receiveAlert(deps: ReceiveDeps, alert: IncomingAlert): Promise<ReceiveResult> {
  try {
    return await receiveOnce(deps, alert);
  } catch (error) {
    // Another replica created this group between our look-up and our insert (both received the
    // same notification at once): nothing of ours was written, so this one is a repeat of it.
    if (error instanceof AlertGroupExists) return receiveOnce(deps, alert);
    throw error;
  }
}

async function receiveOnce(deps: ReceiveDeps, alert: IncomingAlert): Promise<ReceiveResult> {
  const known = deps.alerts.groupByKey(alert.source, alert.key);
  if (known && !closedFor(deps, known, alert)) return repeat(deps, known, alert);
  // Alertmanager's group key is the same next week: the old occurrence keeps its record under
  // another key, and this one starts afresh.
  if (known) deps.alerts.updateGroup(known.id, { groupKey: `${known.groupKey}#${known.id}` });
  if (alert.status === "resolved")
    return { kind: "ignored", groupId: null, reason: "resolved before imoc saw it fire" };

  const routing = routingOf(deps);
  const now = deps.clock.now();
  const route = routeFor(routing.routes, alert);
  const label = alert.labels.severity ?? "";
  const playbook = playbookForAlert(deps.playbooks.all(), alert.alertname, route?.playbook ?? null);
  const base: NewAlertGroup = {
    source: alert.source,
    groupKey: alert.key,
    status: "firing",
    alertname: alert.alertname,
    title: alert.title,
    labels: alert.labels,
    route: route?.name ?? null,
    mode: route?.mode ?? "triage",
    severity: route?.severity ?? (isSeverity(label) ? label : "sev3"),
    service: route?.service ?? alert.labels.service ?? null,
    playbookId: playbook?.id ?? null,
    link: alert.link,
    firstSeen: now,
    lastSeen: now,
    messageChannel: null,
  };

  // A security alert to triage goes to its own private channel when there is one, storm or not.
  const securityChannel =
    base.mode === "triage" && base.severity === "security" ? (routing.securityTriageChannel ?? null) : null;
  const since = new Date(now.getTime() - routing.stormWindowMs);
  const storm = securityChannel ? null : deps.alerts.activeStorm(since);
  if (!securityChannel && (storm || isStorm(routing, deps.alerts.newGroupsSince(since)))) {
    return deps.transaction(() => {
      const current = storm ?? deps.alerts.createStorm(triageChannelOf(deps), now);
      const group = deps.alerts.createGroup({ ...base, mode: "storm", stormId: current.id });
      deps.alerts.updateStorm(current.id, { lastAt: now });
      deps.outbox.add(null, { kind: "alertStorm", stormId: current.id });
      return { kind: "storm", groupId: group.id, stormId: current.id };
    });
  }

  if (base.mode === "triage") {
    return deps.transaction(() => {
      const messageChannel = securityChannel ?? triageChannelOf(deps);
      const group = deps.alerts.createGroup({ ...base, messageChannel });
      deps.outbox.add(null, { kind: "alertTriage", groupId: group.id });
      return { kind: "triage", groupId: group.id };
    });
  }

  const security = base.severity === "security";
  let group: AlertGroup | null = null;
  const { incident } = await declareIncident(deps, {
    title: alertIncidentTitle(alert),
    severity: security
      ? DEFAULT_SECURITY_SEVERITY
      : (base.severity as Exclude<typeof base.severity, "security">),
    security,
    service: base.service,
    description: alert.link ? `Opened by ${SOURCE_NAMES[alert.source]}: ${alert.link}` : null,
    declaredBy: SOURCE_NAMES[alert.source],
    actor: sourceActor(alert),
    notifyDeclarer: false,
    within: (created) => {
      group = deps.alerts.createGroup(base);
      attachGroup(deps, group, created, sourceActor(alert));
    },
  });
  return { kind: "declared", groupId: (group as AlertGroup | null)?.id ?? 0, incidentId: incident.id };
}

/** A group that resolved and was dealt with (its incident resolved, or dismissed) fires anew. */
function closedFor(deps: Pick<ReceiveDeps, "incidents">, group: AlertGroup, alert: IncomingAlert): boolean {
  if (alert.status !== "firing" || group.status !== "resolved") return false;
  if (group.dismissedAt) return true;
  return group.incidentId !== null && deps.incidents.get(group.incidentId)?.status === "resolved";
}

function repeat(deps: ReceiveDeps, group: AlertGroup, alert: IncomingAlert): ReceiveResult {
  const now = deps.clock.now();
  const actor = sourceActor(group);
  if (alert.status === "resolved") {
    if (group.status === "resolved")
      return { kind: "ignored", groupId: group.id, reason: "already resolved" };
    return deps.transaction(() => {
      deps.alerts.updateGroup(group.id, { status: "resolved", resolvedAt: now, lastSeen: now });
      const resolved = { ...group, status: "resolved" as const, resolvedAt: now };
      if (group.incidentId !== null) {
        deps.timeline.append({
          incidentId: group.incidentId,
          kind: "alert_resolved",
          occurredAt: now,
          actor,
          text: `Alert ${group.alertname} resolved in ${SOURCE_NAMES[group.source]}; the incident stays open`,
          data: alertData(resolved),
        });
        deps.outbox.add(group.incidentId, { kind: "post", message: deps.alertMessages.resolved(resolved) });
      }
      refreshMessage(deps, group);
      return { kind: "resolved", groupId: group.id, incidentId: group.incidentId };
    });
  }
  return deps.transaction(() => {
    const count = group.count + 1;
    deps.alerts.updateGroup(group.id, { count, lastSeen: now, status: "firing", resolvedAt: null });
    if (group.incidentId !== null) {
      deps.timeline.append({
        incidentId: group.incidentId,
        kind: "alert_received",
        occurredAt: now,
        actor,
        text: `Alert ${group.alertname} ${group.status === "resolved" ? "fired again" : "repeated"} (received ${count}×)`,
        data: alertData({ ...group, count, status: "firing" }),
      });
    }
    refreshMessage(deps, group);
    return { kind: "repeat", groupId: group.id, count, incidentId: group.incidentId };
  });
}

/** The triage or storm message shows the new count: edited in place, never posted again. */
function refreshMessage(deps: Pick<Deps, "outbox">, group: AlertGroup): void {
  if (group.stormId !== null) deps.outbox.add(null, { kind: "alertStorm", stormId: group.stormId });
  else if (group.messageChannel) deps.outbox.add(null, { kind: "alertTriage", groupId: group.id });
}
