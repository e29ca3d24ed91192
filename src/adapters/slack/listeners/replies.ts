import type { StatusChangeResult } from "../../../app/incident/change-status.js";
import type { SeverityChangeResult } from "../../../app/incident/change-severity.js";
import { incidentRef, STATUS_LABELS } from "../../../domain/incident/incident.js";
import { severityLabel } from "../../../domain/incident/severity.js";

/** Ephemeral answers to the person who acted; the channel sees the use case's own message. */
export function statusChangeReply(result: StatusChangeResult, verb: string): string {
  switch (result.kind) {
    case "changed":
      return `:white_check_mark: ${incidentRef(result.incident)} ${verb}.`;
    case "already":
      return `${incidentRef(result.incident)} is already ${STATUS_LABELS[result.incident.status].toLowerCase()}; nothing changed.`;
    case "not-allowed":
      return `:no_entry: Cannot do that: ${result.reason}.`;
    case "not-found":
      return ":warning: That incident no longer exists in the IMOC log.";
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
      return ":warning: That incident no longer exists in the IMOC log.";
  }
}

export const NOT_AN_INCIDENT_CHANNEL =
  "This is not an incident channel. Run this command in the incident's own channel (`inc-<number>-…`), or declare one with `/incident declare <sev1|sev2|sev3|security> <title>`.";
