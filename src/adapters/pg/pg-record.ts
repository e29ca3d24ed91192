import type { Clock } from "../../ports/clock.js";
import type { Record } from "../db/record.js";
import { migratePg } from "./migrate-pg.js";
import { createPgAlertStore } from "./pg-alert-store.js";
import { createPgConsoleStore } from "./pg-console-store.js";
import { createPgAccessLog, createPgCheckpointStore } from "./pg-custody.js";
import { createPgEscalationStore } from "./pg-escalation-store.js";
import { createPgFollowupStores } from "./pg-followup-store.js";
import { createPgInboundRequests } from "./pg-inbound-requests.js";
import { createPgStores } from "./pg-incident-store.js";
import { createPgRoleStores } from "./pg-role-store.js";
import { createPgSlackJobs } from "./pg-slack-jobs.js";
import { createPgStatusPublications } from "./pg-status-publications.js";
import { createPgTimelineLog } from "./pg-timeline-log.js";
import { openSyncPg, type SyncPg } from "./sync-pg.js";

/**
 * The record in PostgreSQL (DATABASE_URL=postgres://...): migrations applied first (one replica at
 * a time), then the same store ports as SQLite on one connection (see sync-pg.ts).
 */
export async function openPgRecord(url: string, clock: Clock): Promise<Record & { pg: SyncPg }> {
  await migratePg(url);
  const db = openSyncPg(url);
  const { incidents, timeline } = createPgStores(db, clock);
  let onSlackJob = () => {};
  const slackJobs = createPgSlackJobs(db, clock, () => onSlackJob());
  return {
    kind: "postgres",
    pg: db,
    slackJobs,
    onSlackJob: (wake) => {
      onSlackJob = wake;
    },
    stores: {
      outbox: { add: slackJobs.add },
      transaction: (fn) => db.transaction(fn),
      incidents,
      timeline,
      log: createPgTimelineLog(db, clock),
      escalations: createPgEscalationStore(db, timeline),
      ...createPgRoleStores(db, timeline),
      inbound: createPgInboundRequests(db, clock),
      statusPublications: createPgStatusPublications(db, timeline),
      ...createPgFollowupStores(db),
      consoleStore: createPgConsoleStore(db),
      checkpoints: createPgCheckpointStore(db),
      accessLog: createPgAccessLog(db),
      alerts: createPgAlertStore(db),
    },
    ping: () => void db.query("select 1"),
    close: () => db.close(),
  };
}
