import type { AccessLog } from "../../ports/access-log.js";
import type { CheckpointStore } from "../../ports/checkpoint-store.js";
import type { SyncPg } from "./sync-pg.js";
import { unbuilt } from "./unbuilt.js";

// STUB: to be written (PostgreSQL version of the SQLite store).
export function createPgCheckpointStore(db: SyncPg): CheckpointStore {
  void db;
  return unbuilt("checkpoints");
}

export function createPgAccessLog(db: SyncPg): AccessLog {
  void db;
  return unbuilt("accessLog");
}
