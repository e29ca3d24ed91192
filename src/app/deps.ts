import type { Chat } from "../ports/chat.js";
import type { Clock } from "../ports/clock.js";
import type { IncidentMessages } from "../ports/incident-messages.js";
import type { IncidentObserver } from "../ports/incident-observer.js";
import type { IncidentStore, Timeline } from "../ports/incident-store.js";
import type { Logger } from "../ports/logger.js";
import type { OnCallDirectory } from "../ports/on-call-directory.js";
import type { PlaybookLibrary } from "../ports/playbook-library.js";
import type { DrillRecords, RoleStore } from "../ports/role-store.js";

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
  playbooks: PlaybookLibrary;
  roles: RoleStore;
  drills: DrillRecords;
  onCall: OnCallDirectory;
}
