import { type AlertRouting, DEFAULT_ALERT_ROUTING } from "../../domain/alerts/alert-routing.js";
import type { Incident } from "../../domain/incident/incident.js";
import { BOT_ACTOR, type Actor } from "../../domain/timeline/timeline-event.js";
import type { AlertGroup } from "../../ports/alert-store.js";
import type { AlertPlaybookLink } from "../../ports/alert-messages.js";
import type { Deps } from "../deps.js";
import { linkPlaybook, type LinkDeps } from "../playbooks/link-playbooks.js";

export const routingOf = (deps: Pick<Deps, "matrix">): AlertRouting =>
  deps.matrix.alerts ?? DEFAULT_ALERT_ROUTING;

export const triageChannelOf = (deps: Pick<Deps, "matrix" | "incidentsChannel">): string =>
  routingOf(deps).triageChannel ?? deps.incidentsChannel;

/**
 * A security alert's triage message goes in full to `alerts.security_triage_channel` when set;
 * anywhere else (the usually public triage channel) it is redacted, like security incidents.
 */
export const redactedIn = (
  deps: Pick<Deps, "matrix">,
  group: Pick<AlertGroup, "severity" | "messageChannel">,
) =>
  group.severity === "security" &&
  (!group.messageChannel || group.messageChannel !== routingOf(deps).securityTriageChannel);

export const sourceActor = (group: Pick<AlertGroup, "source">): Actor => `${group.source}:alert`;

export function playbookLink(deps: Pick<Deps, "playbooks">, group: AlertGroup): AlertPlaybookLink | null {
  const playbook = group.playbookId ? deps.playbooks.get(group.playbookId) : null;
  return playbook ? { title: playbook.title, url: deps.playbooks.url(playbook.id) } : null;
}

export type AttachDeps = Pick<
  Deps,
  "alerts" | "alertMessages" | "timeline" | "outbox" | "playbooks" | "clock"
> &
  LinkDeps;

/**
 * The group belongs to the incident from now on: recorded in its timeline, said in its channel
 * with the playbook, and the playbook linked. Synchronous (the link's writes are), so it can run
 * inside the declaration's transaction.
 */
export function attachGroup(
  deps: AttachDeps,
  group: AlertGroup,
  incident: Incident,
  actor: Actor = BOT_ACTOR,
  { announce = true }: { announce?: boolean } = {},
) {
  const now = deps.clock.now();
  deps.alerts.updateGroup(group.id, { incidentId: incident.id });
  const attached = { ...group, incidentId: incident.id };
  deps.timeline.append({
    incidentId: incident.id,
    kind: "alert_received",
    occurredAt: now,
    actor,
    text: `Alert ${group.alertname} from ${group.source}: ${group.title} (received ${group.count}×)`,
    data: alertData(attached),
  });
  if (announce)
    deps.outbox.add(incident.id, {
      kind: "post",
      message: deps.alertMessages.received(attached, playbookLink(deps, group)),
    });
  const playbook = group.playbookId ? deps.playbooks.get(group.playbookId) : null;
  if (playbook) linkPlaybook(deps, { incident, playbook, actor, reason: `alert ${group.alertname}` });
}

export function alertData(group: AlertGroup): Record<string, unknown> {
  return {
    groupId: group.id,
    source: group.source,
    groupKey: group.groupKey,
    alertname: group.alertname,
    status: group.status,
    count: group.count,
    route: group.route,
    playbookId: group.playbookId,
    labels: group.labels,
  };
}

/** Attaches every group; a storm's many groups are said in one message, not one each. */
export function attachGroups(
  deps: AttachDeps,
  groups: readonly AlertGroup[],
  incident: Incident,
  actor: Actor,
) {
  const many = groups.length > 1;
  for (const g of groups) attachGroup(deps, g, incident, actor, { announce: !many });
  if (many) deps.outbox.add(incident.id, { kind: "post", message: deps.alertMessages.receivedMany(groups) });
}
