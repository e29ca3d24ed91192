import type { AlertStore } from "../../ports/alert-store.js";
import type { SyncPg } from "./sync-pg.js";
import { unbuilt } from "./unbuilt.js";

// STUB: to be written (PostgreSQL version of the SQLite store).
export function createPgAlertStore(db: SyncPg): AlertStore {
  void db;
  return unbuilt("alerts");
}
