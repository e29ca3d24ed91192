import type { EscalationStore } from "../../ports/escalation-store.js";
import type { Timeline } from "../../ports/incident-store.js";
import type { SyncPg } from "./sync-pg.js";
import { unbuilt } from "./unbuilt.js";

// STUB: to be written (PostgreSQL version of the SQLite store).
export function createPgEscalationStore(db: SyncPg, timeline: Timeline): EscalationStore {
  void db;
  return unbuilt("escalations");
}
