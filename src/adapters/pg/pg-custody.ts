import type { AccessLog } from "../../ports/access-log.js";
import type { CheckpointStore } from "../../ports/checkpoint-store.js";
import { type CheckpointRow, toCheckpoint } from "../db/sqlite-custody.js";
import { insertRow } from "./pg-rows.js";
import { columnsOf } from "./pg-rows.js";
import { accessLog, checkpoints } from "./schema.js";
import type { SyncPg } from "./sync-pg.js";

type Row = Omit<CheckpointRow, "entries"> & { entries: string };
const fromRow = (row: Row) => toCheckpoint({ ...row, entries: JSON.parse(row.entries) });

/** Signed checkpoints of the IMOC log on PostgreSQL (`entries` is JSON text, as in SQLite). */
export function createPgCheckpointStore(db: SyncPg): CheckpointStore {
  const select = `select ${columnsOf(checkpoints)} from checkpoints where incident_id = $1`;
  return {
    add(c, entries) {
      const row = insertRow<Row>(db, checkpoints, {
        incidentId: c.incidentId,
        eventCount: c.count,
        headHash: c.headHash,
        eventsDigest: c.eventsDigest,
        entries: JSON.stringify(entries.map((e) => [e.seq, e.kind, e.hash])),
        signedAt: c.signedAt,
        keyId: c.keyId,
        signature: c.signature,
        reason: c.reason,
      });
      return fromRow(row as Row);
    },
    list: (incidentId) => db.query<Row>(`${select} order by id`, [incidentId]).map(fromRow),
    latest(incidentId) {
      const row = db.one<Row>(`${select} order by id desc limit 1`, [incidentId]);
      return row ? fromRow(row) : null;
    },
  };
}

/** Who read which security incident, on PostgreSQL. */
export function createPgAccessLog(db: SyncPg): AccessLog {
  return {
    record(entry) {
      insertRow(db, accessLog, entry);
    },
    list: (incidentId) =>
      db.query(
        `select incident_id as "incidentId", who, what, via, at from access_log where incident_id = $1 order by id`,
        [incidentId],
      ),
  };
}
