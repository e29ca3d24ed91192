import { severityLabel } from "../domain/incident/severity.js";
import { watchAcknowledgement } from "./alerts/unacknowledged.js";
import type { Deps } from "./deps.js";
import { followStatus } from "./escalation/acknowledge-pages.js";
import { replanEscalation, startEscalation } from "./escalation/start-escalation.js";
import { forwardStatusUpdate } from "./comms/status-updates.js";
import { tellAllClear, tellDeclared } from "./comms/edge-comms.js";
import { askToPublishResolution } from "./status-page/publish-status.js";
import { askPlaybookReviews } from "./playbooks/ask-playbook-reviews.js";
import { takeCheckpoint } from "./custody/take-checkpoint.js";
import { reportDrill } from "./playbooks/drill-report.js";
import { linkPlaybooksOnDeclare, linkPlaybooksOnDetailsChange } from "./playbooks/auto-link.js";

/**
 * The reaction graph: what follows once a change is recorded. Each reaction runs even if another
 * fails (the failure is logged and lands in the timeline). Declaring starts the escalation.
 */
export function subscribeReactions(deps: Deps): void {
  const { events } = deps;
  events.on("declared", "playbook linker", ({ incident }) => linkPlaybooksOnDeclare(deps, incident));
  events.on("declared", "escalation", ({ incident }) => startEscalation(deps, incident));
  events.on("severityChanged", "escalation", ({ incident }) => replanEscalation(deps, incident));
  for (const event of ["declared", "severityChanged"] as const)
    events.on(
      event,
      "acknowledgement watch",
      async ({ incident }) => void (await watchAcknowledgement(deps, incident)),
    );
  events.on("statusChanged", "escalation", ({ incident, from }) => followStatus(deps, incident, from));
  events.on("statusChanged", "drill report", ({ incident }) => reportDrill(deps, incident));
  events.on("statusChanged", "playbook reviews", ({ incident }) => askPlaybookReviews(deps, incident));
  events.on("statusChanged", "checkpoint", ({ incident }) => {
    takeCheckpoint(deps, incident.id, `status ${incident.status}`);
  });
  events.on("detailsChanged", "playbook linker", ({ incident }) =>
    linkPlaybooksOnDetailsChange(deps, incident),
  );
  events.on("declared", "stakeholder comms", ({ incident }) => tellDeclared(deps, incident, "declared"));
  events.on("severityChanged", "stakeholder comms", ({ incident }) =>
    tellDeclared(deps, incident, `raised to ${severityLabel(incident.severity)}`),
  );
  events.on("statusChanged", "stakeholder comms", ({ incident }) => tellAllClear(deps, incident));
  events.on("statusChanged", "status page", ({ incident }) => askToPublishResolution(deps, incident));
  events.on("statusUpdatePosted", "status updates", ({ incident, text, actorUserId }) =>
    forwardStatusUpdate(deps, incident, text, actorUserId),
  );
}
