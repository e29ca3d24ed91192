import type { Clock } from "../../ports/clock.js";
import { openDatabase } from "./client.js";
import type { Record } from "./record.js";
import { createSqliteConsoleStore } from "./sqlite-console-store.js";
import { createSqliteAccessLog, createSqliteCheckpointStore } from "./sqlite-custody.js";
import { createSqliteAlertStore } from "./sqlite-alert-store.js";
import { createSqliteInboundRequests } from "./sqlite-inbound-requests.js";
import { createSqliteEscalationStore } from "./sqlite-escalation-store.js";
import { createSqliteFollowupStores } from "./sqlite-followup-store.js";
import { createSqliteStores } from "./sqlite-incident-store.js";
import { createSqliteRoleStores } from "./sqlite-role-store.js";
import { createSqliteSlackJobs } from "./sqlite-slack-jobs.js";
import { createSqliteStatusPublications } from "./sqlite-status-publications.js";
import { createSqliteTimelineLog } from "./sqlite-timeline-log.js";

/**
 * The record: one SQLite file (migrated on open) behind every store port. The stores share one
 * connection, so a use case's writes to several of them can sit in one transaction.
 */
export function openSqliteRecord(path: string, clock: Clock): Record & { sqlite: ReturnType<typeof openDatabase>["sqlite"] } {
  const database = openDatabase(path);
  const { incidents, timeline } = createSqliteStores(database.db, clock);
  // The dispatcher, started later, wakes on every new Slack job.
  let onSlackJob = () => {};
  const slackJobs = createSqliteSlackJobs(database.db, clock, () => onSlackJob());
  return {
    kind: "sqlite",
    sqlite: database.sqlite,
    slackJobs,
    onSlackJob: (wake: () => void) => {
      onSlackJob = wake;
    },
    stores: {
      outbox: { add: slackJobs.add },
      transaction: <T>(fn: () => T): T => database.sqlite.transaction(fn)(),
      incidents,
      timeline,
      log: createSqliteTimelineLog(database.db, clock),
      escalations: createSqliteEscalationStore(database.db, timeline),
      ...createSqliteRoleStores(database.db, timeline),
      inbound: createSqliteInboundRequests(database.db, clock),
      statusPublications: createSqliteStatusPublications(database.db, timeline),
      ...createSqliteFollowupStores(database.db),
      consoleStore: createSqliteConsoleStore(database.db),
      checkpoints: createSqliteCheckpointStore(database.db),
      accessLog: createSqliteAccessLog(database.db),
      alerts: createSqliteAlertStore(database.db),
    },
    /** For `/readyz`: throws when the file cannot be read. */
    ping: () => void database.sqlite.prepare("select 1").get(),
    close: () => database.close(),
  };
}
