import type { Incident } from "../../domain/incident/incident.js";
import type { TimelineEvent } from "../../domain/timeline/timeline-event.js";
import type { PageRecord, StepRecord } from "../../ports/escalation-store.js";
import type { RoleAssignment } from "../../ports/role-store.js";
import type { Deps } from "../deps.js";

/** Events per page of the log: a long incident's page stays light; earlier pages are a link away. */
export const LOG_PAGE = 500;

export interface IncidentView {
  incident: Incident;
  roles: RoleAssignment[];
  /** One page of the IMOC log, oldest first. */
  log: TimelineEvent[];
  /** Events in the whole log. */
  total: number;
  /** The log's newest event id (0: none): live updates start after it. */
  lastId: number;
  /** This page ends with the newest event (live rows are appended to it). */
  latest: boolean;
  /** The first event shown, when earlier ones exist. */
  earlierBefore: number | null;
  /** Status updates and linked playbooks, from the whole log. */
  highlights: TimelineEvent[];
  steps: StepRecord[];
  pages: PageRecord[];
}

/** Everything the console's incident page shows, read from the record: a page of the log, not all of it. */
export function incidentView(
  deps: Pick<Deps, "roles" | "escalations" | "consoleStore" | "log">,
  incident: Incident,
  beforeId?: number,
): IncidentView {
  const page = deps.consoleStore.logPage(incident.id, LOG_PAGE, beforeId);
  const first = page.events[0];
  const last = page.events.at(-1);
  return {
    incident,
    roles: deps.roles.list(incident.id),
    log: page.events,
    total: page.total,
    lastId: page.lastId,
    latest: !last || last.id === page.lastId,
    earlierBefore: first && first.seq > 1 ? first.id : null,
    highlights: deps.log.eventsOf([incident.id], ["status_update", "playbook_linked"]),
    steps: deps.escalations.steps(incident.id),
    pages: deps.escalations.pages(incident.id),
  };
}
