import type { IncidentStore, Timeline } from "../../ports/incident-store.js";
import type { Clock } from "../../ports/clock.js";
import type { SyncPg } from "./sync-pg.js";
import { unbuilt } from "./unbuilt.js";

// STUB: to be written (PostgreSQL version of the SQLite store).
export function createPgStores(db: SyncPg, clock: Clock): { incidents: IncidentStore; timeline: Timeline } {
  void db;
  return { incidents: unbuilt("incidents"), timeline: unbuilt("timeline") };
}
