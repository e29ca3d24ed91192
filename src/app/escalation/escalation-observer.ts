import type { IncidentObserver } from "../../ports/incident-observer.js";
import type { EscalationDeps } from "../escalation-deps.js";
import { planIncidentEscalation } from "./plan-escalation.js";
import { forwardStatusUpdate, syncStatusUpdates } from "../comms/status-updates.js";
import { stopEscalation } from "./stop-escalation.js";

/** Wires the escalation matrix and the status-update clock to incident changes. */
export function escalationObserver(deps: EscalationDeps): IncidentObserver {
  return {
    name: "escalation",
    async declared(incident) {
      await planIncidentEscalation(deps, incident, incident.declaredAt);
      await syncStatusUpdates(deps, incident);
    },
    async severityChanged(incident) {
      if (incident.status === "resolved") return;
      await planIncidentEscalation(deps, incident);
      await syncStatusUpdates(deps, incident);
    },
    async statusChanged(incident) {
      if (incident.status === "resolved") await stopEscalation(deps, incident);
    },
    async statusUpdatePosted(incident, text, actorUserId) {
      await forwardStatusUpdate(deps, incident, text, actorUserId);
    },
  };
}
