import type { Timeline } from "../../ports/incident-store.js";
import type { DrillRecords, RoleAssignment, RoleStore } from "../../ports/role-store.js";
import { columnsOf } from "./pg-rows.js";
import { incidentRoles } from "./schema.js";
import type { SyncPg } from "./sync-pg.js";

/** Roles and drill records on PostgreSQL; the role row and its timeline event commit together. */
export function createPgRoleStores(
  db: SyncPg,
  timeline: Timeline,
): { roles: RoleStore; drills: DrillRecords } {
  const roles: RoleStore = {
    assign(assignment, event) {
      // The timeline's own transaction nests as a savepoint inside this one.
      db.transaction(() => {
        db.run(
          `insert into incident_roles (incident_id, role, user_id, assigned_at) values ($1, $2, $3, $4)
           on conflict (incident_id, role) do update set user_id = excluded.user_id, assigned_at = excluded.assigned_at`,
          [assignment.incidentId, assignment.role, assignment.userId, assignment.assignedAt],
        );
        timeline.append({ ...event, incidentId: assignment.incidentId });
      });
    },
    list(incidentId) {
      return db.query<RoleAssignment>(
        `select ${columnsOf(incidentRoles)} from incident_roles where incident_id = $1 order by role`,
        [incidentId],
      );
    },
  };
  const drills: DrillRecords = {
    record(records) {
      if (records.length === 0) return;
      const params = records.flatMap((r) => [
        r.incidentId,
        r.playbookId,
        r.drilledAt,
        r.msToAcknowledge,
        r.msToMitigate,
      ]);
      const rows = records.map(
        (_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`,
      );
      db.run(
        `insert into drill_records (incident_id, playbook_id, drilled_at, ms_to_acknowledge, ms_to_mitigate) values ${rows.join(", ")}`,
        params,
      );
    },
    lastDrilled(playbookId) {
      return (
        db.one<{ at: Date }>(
          "select drilled_at as at from drill_records where playbook_id = $1 order by drilled_at desc limit 1",
          [playbookId],
        )?.at ?? null
      );
    },
  };
  return { roles, drills };
}
