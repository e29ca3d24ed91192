import type { Incident } from "../../domain/incident/incident.js";
import { syncStatusUpdates } from "../comms/status-updates.js";
import { planIncidentEscalation } from "./plan-escalation.js";

type StartDeps = Parameters<typeof planIncidentEscalation>[0] & Parameters<typeof syncStatusUpdates>[0];

/** A declared incident starts its escalation matrix at the declaration, and its update clock. */
export async function startEscalation(deps: StartDeps, incident: Incident): Promise<void> {
  await planIncidentEscalation(deps, incident, incident.declaredAt);
  await syncStatusUpdates(deps, incident);
}

/** A new severity re-plans from now: pending steps are replaced, nobody already paged is paged again. */
export async function replanEscalation(deps: StartDeps, incident: Incident): Promise<void> {
  if (incident.status === "resolved") return;
  await planIncidentEscalation(deps, incident);
  await syncStatusUpdates(deps, incident);
}
