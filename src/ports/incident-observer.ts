import type { Incident } from "../domain/incident/incident.js";
import type { Severity } from "../domain/incident/severity.js";

/**
 * Capabilities that react to incident changes (escalation timers, playbook linking, status
 * update schedules) implement the parts they need. Use cases call them after the change is
 * recorded; one observer failing is logged and recorded, never undoes the change.
 */
export interface IncidentObserver {
  name: string;
  declared?(incident: Incident): Promise<void>;
  severityChanged?(incident: Incident, from: Severity): Promise<void>;
  statusChanged?(incident: Incident, from: Incident["status"]): Promise<void>;
  /** The title or the affected service changed (playbooks are matched on both). */
  detailsChanged?(incident: Incident, from: Pick<Incident, "title" | "service">): Promise<void>;
  /** A person posted a status update (restarts the SEV-1 update clock). */
  statusUpdatePosted?(incident: Incident, text: string, actorUserId: string | null): Promise<void>;
}
