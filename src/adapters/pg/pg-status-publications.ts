import type { StatusPublications } from "../../ports/status-publications.js";
import type { Timeline } from "../../ports/incident-store.js";
import type { SyncPg } from "./sync-pg.js";
import { unbuilt } from "./unbuilt.js";

// STUB: to be written (PostgreSQL version of the SQLite store).
export function createPgStatusPublications(db: SyncPg, timeline: Timeline): StatusPublications {
  void db;
  return unbuilt("statusPublications");
}
