import type { EscalationMatrix } from "../domain/escalation/escalation-matrix.js";
import type { Incident } from "../domain/incident/incident.js";
import type { AccessLog } from "../ports/access-log.js";
import type { AlertMessages } from "../ports/alert-messages.js";
import type { AlertStore } from "../ports/alert-store.js";
import type { Chat, ChatMessage } from "../ports/chat.js";
import type { CheckpointStore } from "../ports/checkpoint-store.js";
import type { Clock } from "../ports/clock.js";
import type { ConsoleStore } from "../ports/console-store.js";
import type { Custody } from "../ports/custody.js";
import type { EscalationMessages } from "../ports/escalation-messages.js";
import type { EscalationStore } from "../ports/escalation-store.js";
import type { FollowupMessages, ReviewReminders } from "../ports/followup-messages.js";
import type { FollowupStore, PlaybookReviewStore } from "../ports/followup-store.js";
import type { InboundRequests } from "../ports/inbound-requests.js";
import type { IncidentMessages } from "../ports/incident-messages.js";
import type { IncidentStore, Timeline } from "../ports/incident-store.js";
import type { Logger } from "../ports/logger.js";
import type { Metrics, Tracer } from "../ports/metrics.js";
import type { MessageSource } from "../ports/message-source.js";
import type { OnCallDirectory } from "../ports/on-call-directory.js";
import type { Pager } from "../ports/pager.js";
import type { PlaybookLibrary } from "../ports/playbook-library.js";
import type { DrillRecords, RoleStore } from "../ports/role-store.js";
import type { Scheduler } from "../ports/scheduler.js";
import type { SlackOutbox } from "../ports/slack-outbox.js";
import type { StatusPageMessages } from "../ports/status-page-messages.js";
import type { StatusPublications } from "../ports/status-publications.js";
import type { TargetDirectory } from "../ports/target-directory.js";
import type { TimelineLog } from "../ports/timeline-log.js";
import type { EventBus } from "./events.js";

/**
 * Everything a use case may need, built once by the composition root (src/main.ts). A use case
 * takes `Pick<Deps, ...>` of what it uses, so its signature says what it touches and a test
 * builds only that.
 */
export interface Deps {
  clock: Clock;
  logger: Logger;
  /** Incident changes are announced here; main.ts subscribes the reactions. */
  events: EventBus;
  incidents: IncidentStore;
  /** Keys of the Slack requests already taken: retries and replays are processed once. */
  inbound: InboundRequests;
  timeline: Timeline;
  /** The IMOC log's queries (reviews, exports, verification). */
  log: TimelineLog;
  /** Direct Slack calls, for what needs an answer now (look-ups, modals, reads). */
  chat: Chat;
  /** Slack writes of an incident (channel, messages, DMs): durable, in order, retried. */
  outbox: SlackOutbox;
  /** Runs `fn`'s record writes (incidents, timeline, plan, outbox) in one transaction. */
  transaction<T>(fn: () => T): T;
  /** Slack messages read back (pins, the "add to timeline" shortcut). */
  messageSource: MessageSource;
  messages: IncidentMessages;
  /** Escalation and comms lines (step outcomes, PagerDuty warnings, status updates). */
  escalationMessages: EscalationMessages;
  /** The DM a paged person gets, with an Acknowledge button. */
  pageMessage(incident: Incident, targetName: string, elapsed: string): ChatMessage;
  /** INCIDENTS_CHANNEL: where new incidents are announced. */
  incidentsChannel: string;
  matrix: EscalationMatrix;
  escalations: EscalationStore;
  pager: Pager;
  scheduler: Scheduler;
  targets: TargetDirectory;
  /** playbooks/templates/*.md, checked at start-up. */
  templates: { statusUpdate: string; noUpdateNudge: string; commsDeclared: string; commsAllClear: string };
  playbooks: PlaybookLibrary;
  roles: RoleStore;
  drills: DrillRecords;
  onCall: OnCallDirectory;
  /** What the public status page shows (`GET /status`): only what people published. */
  statusPublications: StatusPublications;
  statusPageMessages: StatusPageMessages;
  /** Public URL of `GET /status` (PUBLIC_URL, else the address the server listens on). */
  statusPageUrl(): string;
  /** Action items with owner and due date (issue 11). */
  followups: FollowupStore;
  /** Playbook owners asked to update their playbook after a SEV-1/SEV-2 (issue 11). */
  playbookReviews: PlaybookReviewStore;
  reviewReminders: ReviewReminders;
  followupMessages: FollowupMessages;
  /** The team's zone (due dates are its days) and how long a playbook owner has before a reminder. */
  followupSettings: { zone: string; playbookReviewDelayMs: number };
  /** The incident console's sign-in links, sessions and reads (issue 12). */
  consoleStore: ConsoleStore;
  /** The bot's public base URL (PUBLIC_URL, else where it listens), for links people open. */
  publicUrl(): string;
  /** Chain of custody (issue 15): signed checkpoints, who read security incidents, evidence copies. */
  checkpoints: CheckpointStore;
  accessLog: AccessLog;
  custody: Custody;
  /** issue 10: alert groups, storms and Actionable/Noise answers. */
  alerts: AlertStore;
  /** issue 10: triage, storm and alert messages. */
  alertMessages: AlertMessages;
  /** The bot's own metrics (`GET /metrics`): use cases say what happened. */
  metrics: Metrics;
  /** Spans around a declaration and a page; exported only when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracer: Tracer;
}
