import { type AssignRoleResult, ROLE_TITLES } from "../../../app/incident/assign-role.js";
import type { DetailsChangeResult } from "../../../app/incident/change-details.js";
import type { SeverityChangeResult } from "../../../app/incident/change-severity.js";
import type { StatusChangeResult } from "../../../app/incident/change-status.js";
import { type Incident, incidentRef, STATUS_LABELS } from "../../../domain/incident/incident.js";
import { severityLabel } from "../../../domain/incident/severity.js";
import { formatDuration } from "../../../domain/time/duration.js";
import type { TimelineEvent } from "../../../domain/timeline/timeline-event.js";
import { channelRef, heading } from "./incident-messages.js";
import { userRef } from "./parts.js";

/* Ephemeral answers to the person who acted; the channel sees the use case's own message. */

export const NOT_AN_INCIDENT_CHANNEL =
  "This is not an incident channel. Run this command in the incident's own channel (`inc-<number>-…`), or declare one with `/incident declare <sev1|sev2|sev3|security> <title>`.";
export const INCIDENT_GONE = ":warning: That incident no longer exists in the IMOC log.";

/** To the declarer once the channel is open (or could not be): where the incident is run. */
export function declaredReply(incident: Incident, channelProblem: string | null): string {
  const label = `${incidentRef(incident)} (${severityLabel(incident.severity, incident.security)})`;
  if (incident.channelId && !channelProblem) {
    return `:rotating_light: ${label} declared. Join <#${incident.channelId}> — the escalation and the IMOC log run there.`;
  }
  return `:warning: ${label} is recorded and its escalation is running, but its channel could not be created (${channelProblem}). Check the bot's \`channels:manage\`/\`groups:write\` scopes, then create the channel by hand.`;
}

export function statusChangeReply(result: StatusChangeResult, verb: string): string {
  switch (result.kind) {
    case "changed":
      return `:white_check_mark: ${incidentRef(result.incident)} ${verb}.`;
    case "already":
      return `${incidentRef(result.incident)} is already ${STATUS_LABELS[result.incident.status].toLowerCase()}; nothing changed.`;
    case "not-allowed":
      return `:no_entry: Cannot do that: ${result.reason}.`;
    case "not-found":
      return INCIDENT_GONE;
  }
}

export function severityChangeReply(result: SeverityChangeResult): string {
  switch (result.kind) {
    case "changed":
      return `:white_check_mark: ${incidentRef(result.incident)} is now ${severityLabel(result.incident.severity)} (was ${severityLabel(result.from)}).`;
    case "unchanged":
      return `${incidentRef(result.incident)} is already ${severityLabel(result.incident.severity)}; nothing changed.`;
    case "not-allowed":
      return `:no_entry: Cannot change the severity: ${result.reason}.`;
    case "not-found":
      return INCIDENT_GONE;
  }
}

export function detailsChangeReply(result: DetailsChangeResult): string {
  return result.kind === "changed"
    ? ":white_check_mark: Updated; matching playbooks are linked."
    : "Nothing changed.";
}

export const noteRecordedReply = (event: TimelineEvent) =>
  `:memo: Note recorded in the IMOC log as #${event.seq}.`;

export function roleReply(result: AssignRoleResult): string {
  const title = ROLE_TITLES[result.role].toLowerCase();
  return result.kind === "assigned"
    ? `:white_check_mark: <@${result.userId}> is now ${title}; invited and sent a DM with what the role does.`
    : `<@${result.userId}> is already ${title}; nothing changed.`;
}

/** `/incident status`: severity, status, people and the key times since declaration. */
export function statusSummaryText(incident: Incident, now: Date): string {
  const since = (d: Date | null) =>
    d
      ? `${d.toISOString()} (${formatDuration(d.getTime() - incident.declaredAt.getTime())} after declaration)`
      : "—";
  return [
    `*${heading(incident)}*`,
    `Status: *${STATUS_LABELS[incident.status]}* · open for ${formatDuration((incident.resolvedAt ?? now).getTime() - incident.declaredAt.getTime())}`,
    `Commander: ${userRef(incident.commander)} · Declared by ${userRef(incident.declaredBy)} · Channel ${channelRef(incident)}`,
    `Declared: ${incident.declaredAt.toISOString()}`,
    `Acknowledged: ${since(incident.acknowledgedAt)}`,
    `Mitigated: ${since(incident.mitigatedAt)}`,
    `Resolved: ${since(incident.resolvedAt)}`,
  ].join("\n");
}
