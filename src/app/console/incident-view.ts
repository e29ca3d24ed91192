import type { Incident } from "../../domain/incident/incident.js";
import type { TimelineEvent } from "../../domain/timeline/timeline-event.js";
import type { PageRecord, StepRecord } from "../../ports/escalation-store.js";
import type { RoleAssignment } from "../../ports/role-store.js";
import type { Deps } from "../deps.js";

export interface IncidentView {
  incident: Incident;
  roles: RoleAssignment[];
  /** The whole IMOC log, oldest first (without the per-event hashes: the page does not show them). */
  events: TimelineEvent[];
  steps: StepRecord[];
  pages: PageRecord[];
}

/** Everything the console's incident page shows, read from the record in one go. */
export function incidentView(
  deps: Pick<Deps, "incidents" | "timeline" | "roles" | "escalations">,
  incident: Incident,
): IncidentView {
  return {
    incident,
    roles: deps.roles.list(incident.id),
    events: deps.timeline.list(incident.id, { hashes: false }),
    steps: deps.escalations.steps(incident.id),
    pages: deps.escalations.pages(incident.id),
  };
}
