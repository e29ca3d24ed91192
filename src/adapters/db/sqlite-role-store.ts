import { and, asc, desc, eq } from "drizzle-orm";
import type { Timeline } from "../../ports/incident-store.js";
import type { DrillRecords, RoleStore } from "../../ports/role-store.js";
import type { Db } from "./client.js";
import { drillRecords, incidentRoles } from "./schema.js";

/** Roles and drill records on SQLite; the role row and its timeline event commit together. */
export function createSqliteRoleStores(
  db: Db,
  timeline: Timeline,
): { roles: RoleStore; drills: DrillRecords } {
  const roles: RoleStore = {
    assign(assignment, event) {
      // better-sqlite3 nests the timeline's own transaction as a savepoint inside this one.
      db.transaction((tx) => {
        tx.insert(incidentRoles)
          .values(assignment)
          .onConflictDoUpdate({
            target: [incidentRoles.incidentId, incidentRoles.role],
            set: { userId: assignment.userId, assignedAt: assignment.assignedAt },
          })
          .run();
        timeline.append({ ...event, incidentId: assignment.incidentId });
      });
    },
    list(incidentId) {
      return db
        .select()
        .from(incidentRoles)
        .where(eq(incidentRoles.incidentId, incidentId))
        .orderBy(asc(incidentRoles.role))
        .all();
    },
  };
  const drills: DrillRecords = {
    record(records) {
      if (records.length === 0) return;
      db.insert(drillRecords).values(records).run();
    },
    lastDrilled(playbookId) {
      const row = db
        .select({ at: drillRecords.drilledAt })
        .from(drillRecords)
        .where(and(eq(drillRecords.playbookId, playbookId)))
        .orderBy(desc(drillRecords.drilledAt))
        .limit(1)
        .get();
      return row?.at ?? null;
    },
  };
  return { roles, drills };
}
