import type { Incident } from "../domain/incident/incident.js";
import type { Severity } from "../domain/incident/severity.js";
import { BOT_ACTOR } from "../domain/timeline/timeline-event.js";
import type { Clock } from "../ports/clock.js";
import type { Timeline } from "../ports/incident-store.js";
import type { Logger } from "../ports/logger.js";

/** What happened to an incident, after it was recorded. Subscribers react; they never undo it. */
export interface IncidentEvents {
  declared: { incident: Incident };
  severityChanged: { incident: Incident; from: Severity };
  statusChanged: { incident: Incident; from: Incident["status"] };
  /** The title or the affected service changed (playbooks are matched on both). */
  detailsChanged: { incident: Incident; from: Pick<Incident, "title" | "service"> };
  /** A person posted a status update (restarts the SEV-1 update clock). */
  statusUpdatePosted: { incident: Incident; text: string; actorUserId: string | null };
}

export type IncidentEventName = keyof IncidentEvents;
type Handler<K extends IncidentEventName> = (payload: IncidentEvents[K]) => Promise<void> | void;

const DESCRIBE: { [K in IncidentEventName]: (payload: IncidentEvents[K]) => string } = {
  declared: () => "the declaration",
  severityChanged: () => "the severity change",
  statusChanged: ({ incident }) => `the change to ${incident.status}`,
  detailsChanged: () => "the change of details",
  statusUpdatePosted: () => "the status update",
};

export interface EventBus {
  /** `name` says who reacts ("escalation"): it is what the timeline shows when the reaction fails. */
  on<K extends IncidentEventName>(event: K, name: string, handler: Handler<K>): void;
  /** Runs every subscriber in the order subscribed, even when one fails. */
  emit<K extends IncidentEventName>(event: K, payload: IncidentEvents[K]): Promise<void>;
}

/**
 * A failing reaction (a broken playbook link) must not stop the others (a page): it is logged and
 * lands in the timeline as a warning, so the record shows what did not happen.
 */
export function createEventBus(deps: { timeline: Timeline; clock: Clock; logger: Logger }): EventBus {
  const subscribers = new Map<IncidentEventName, Array<{ name: string; handler: Handler<never> }>>();
  return {
    on(event, name, handler) {
      const list = subscribers.get(event) ?? [];
      list.push({ name, handler: handler as Handler<never> });
      subscribers.set(event, list);
    },
    async emit(event, payload) {
      const what = (DESCRIBE[event] as (p: IncidentEvents[typeof event]) => string)(payload);
      for (const { name, handler } of subscribers.get(event) ?? []) {
        try {
          await (handler as Handler<typeof event>)(payload);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const incidentId = payload.incident.id;
          deps.logger.error({ err: error, incidentId, subscriber: name }, `${what} failed`);
          deps.timeline.append({
            incidentId,
            kind: "warning",
            occurredAt: deps.clock.now(),
            actor: BOT_ACTOR,
            text: `${name} could not handle ${what}: ${message}`,
            data: { observer: name, what },
          });
        }
      }
    },
  };
}
