import type { DrillRecords, RoleStore } from "../../ports/role-store.js";
import type { Timeline } from "../../ports/incident-store.js";
import type { SyncPg } from "./sync-pg.js";
import { unbuilt } from "./unbuilt.js";

// STUB: to be written (PostgreSQL version of the SQLite store).
export function createPgRoleStores(
  db: SyncPg,
  timeline: Timeline,
): { roles: RoleStore; drills: DrillRecords } {
  void db;
  return { roles: unbuilt("roles"), drills: unbuilt("drills") };
}
