import type { Chat } from "../ports/chat.js";
import type { Clock } from "../ports/clock.js";
import type { IncidentMessages } from "../ports/incident-messages.js";
import type { IncidentObserver } from "../ports/incident-observer.js";
import type { IncidentStore, Timeline } from "../ports/incident-store.js";
import type { Logger } from "../ports/logger.js";

/** Everything a use case may need; built once by the composition root. */
export interface AppDeps {
  incidents: IncidentStore;
  timeline: Timeline;
  chat: Chat;
  clock: Clock;
  messages: IncidentMessages;
  observers: IncidentObserver[];
  logger: Logger;
  incidentsChannel: string;
}
