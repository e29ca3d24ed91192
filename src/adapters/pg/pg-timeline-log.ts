import type { TimelineLog } from "../../ports/timeline-log.js";
import type { Clock } from "../../ports/clock.js";
import type { SyncPg } from "./sync-pg.js";
import { unbuilt } from "./unbuilt.js";

// STUB: to be written (PostgreSQL version of the SQLite store).
export function createPgTimelineLog(db: SyncPg, clock: Clock): TimelineLog {
  void db;
  return unbuilt("log");
}
