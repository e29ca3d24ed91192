import type { Incident } from "../domain/incident/incident.js";
import { BOT_ACTOR } from "../domain/timeline/timeline-event.js";
import type { IncidentObserver } from "../ports/incident-observer.js";
import type { AppDeps } from "./deps.js";

type Call = (observer: IncidentObserver) => Promise<void> | undefined;

/**
 * Runs every observer even if one fails: a broken playbook link must not stop a page. A failure
 * is logged and lands in the timeline as a warning so the record shows what did not happen.
 */
export async function notifyObservers(
  deps: AppDeps,
  incident: Incident,
  what: string,
  call: Call,
): Promise<void> {
  for (const observer of deps.observers) {
    try {
      await call(observer);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.logger.error({ err: error, incidentId: incident.id, observer: observer.name }, `${what} failed`);
      deps.timeline.append({
        incidentId: incident.id,
        kind: "warning",
        occurredAt: deps.clock.now(),
        actor: BOT_ACTOR,
        text: `${observer.name} could not handle ${what}: ${message}`,
        data: { observer: observer.name, what },
      });
    }
  }
}
