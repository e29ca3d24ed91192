import { asc, desc, eq } from "drizzle-orm";
import type { CheckpointEntry, StoredCheckpoint } from "../../domain/custody/checkpoint.js";
import type { AccessLog } from "../../ports/access-log.js";
import type { CheckpointStore } from "../../ports/checkpoint-store.js";
import type { Db } from "./client.js";
import { accessLog, checkpoints } from "./schema.js";

export type CheckpointRow = typeof checkpoints.$inferSelect;

/** A checkpoint row (its `entries` parsed) as the port gives it; the PostgreSQL store reads with it too. */
export const toCheckpoint = (r: CheckpointRow): StoredCheckpoint => ({
  id: r.id,
  incidentId: r.incidentId,
  count: r.eventCount,
  headHash: r.headHash,
  eventsDigest: r.eventsDigest,
  signedAt: r.signedAt,
  keyId: r.keyId,
  signature: r.signature,
  reason: r.reason,
  entries: (Array.isArray(r.entries) ? r.entries : []).map(
    ([seq, kind, hash]): CheckpointEntry => ({ seq, kind, hash }),
  ),
});

export function createSqliteCheckpointStore(db: Db): CheckpointStore {
  return {
    add(c, entries) {
      const row = db
        .insert(checkpoints)
        .values({
          incidentId: c.incidentId,
          eventCount: c.count,
          headHash: c.headHash,
          eventsDigest: c.eventsDigest,
          entries: entries.map((e) => [e.seq, e.kind, e.hash]),
          signedAt: c.signedAt,
          keyId: c.keyId,
          signature: c.signature,
          reason: c.reason,
        })
        .returning()
        .get();
      return toCheckpoint(row);
    },
    list: (incidentId) =>
      db
        .select()
        .from(checkpoints)
        .where(eq(checkpoints.incidentId, incidentId))
        .orderBy(asc(checkpoints.id))
        .all()
        .map(toCheckpoint),
    latest(incidentId) {
      const row = db
        .select()
        .from(checkpoints)
        .where(eq(checkpoints.incidentId, incidentId))
        .orderBy(desc(checkpoints.id))
        .limit(1)
        .get();
      return row ? toCheckpoint(row) : null;
    },
  };
}

export function createSqliteAccessLog(db: Db): AccessLog {
  return {
    record(entry) {
      db.insert(accessLog).values(entry).run();
    },
    list: (incidentId) =>
      db
        .select({
          incidentId: accessLog.incidentId,
          who: accessLog.who,
          what: accessLog.what,
          via: accessLog.via,
          at: accessLog.at,
        })
        .from(accessLog)
        .where(eq(accessLog.incidentId, incidentId))
        .orderBy(asc(accessLog.id))
        .all(),
  };
}
