import type { Incident } from "../../domain/incident/incident.js";
import type { Deps } from "../deps.js";

/**
 * Who saw what: a read of a security incident (API, console, export) lands in its access log,
 * which the incident's review includes. Reads of other incidents are not recorded.
 */
export function recordAccess(
  deps: Pick<Deps, "accessLog" | "clock">,
  input: { incident: Pick<Incident, "id" | "security">; who: string; what: string; via: string },
): void {
  if (!input.incident.security) return;
  deps.accessLog.record({
    incidentId: input.incident.id,
    who: input.who,
    what: input.what,
    via: input.via,
    at: deps.clock.now(),
  });
}
