import type { AccessLog } from "../../ports/access-log.js";
import type { AlertStore } from "../../ports/alert-store.js";
import type { CheckpointStore } from "../../ports/checkpoint-store.js";
import type { ConsoleStore } from "../../ports/console-store.js";
import type { EscalationStore } from "../../ports/escalation-store.js";
import type { FollowupStore, PlaybookReviewStore } from "../../ports/followup-store.js";
import type { InboundRequests } from "../../ports/inbound-requests.js";
import type { IncidentStore, Timeline } from "../../ports/incident-store.js";
import type { DrillRecords, RoleStore } from "../../ports/role-store.js";
import type { SlackOutbox } from "../../ports/slack-outbox.js";
import type { StatusPublications } from "../../ports/status-publications.js";
import type { TimelineLog } from "../../ports/timeline-log.js";
import type { SlackJobStore } from "./sqlite-slack-jobs.js";

/** Every store port of the record, on one connection so a use case's writes share a transaction. */
export interface RecordStores {
  outbox: Pick<SlackOutbox, "add">;
  /** Runs `fn`'s writes in one transaction (nested: a savepoint). */
  transaction<T>(fn: () => T): T;
  incidents: IncidentStore;
  timeline: Timeline;
  log: TimelineLog;
  escalations: EscalationStore;
  roles: RoleStore;
  drills: DrillRecords;
  inbound: InboundRequests;
  statusPublications: StatusPublications;
  followups: FollowupStore;
  playbookReviews: PlaybookReviewStore;
  consoleStore: ConsoleStore;
  checkpoints: CheckpointStore;
  accessLog: AccessLog;
  alerts: AlertStore;
}

/** The record as the composition root sees it: SQLite (a file) or PostgreSQL (DATABASE_URL). */
export interface Record {
  kind: "sqlite" | "postgres";
  slackJobs: SlackJobStore;
  /** The outbox dispatcher's wake-up, called on every new Slack job of this process. */
  onSlackJob(wake: () => void): void;
  stores: RecordStores;
  /** For `/readyz`: throws when the record cannot be read. */
  ping(): void;
  close(): void;
}
