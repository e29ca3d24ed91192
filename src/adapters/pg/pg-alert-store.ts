import {
  type AlertGroup,
  AlertGroupExists,
  type AlertStorm,
  type AlertStore,
  type FeedbackAnswer,
} from "../../ports/alert-store.js";
import { insertRow, updateById } from "./pg-rows.js";
import { columnsOf } from "./pg-rows.js";
import { alertGroups, alertStorms } from "./schema.js";
import type { SyncPg } from "./sync-pg.js";

type GroupRow = Omit<AlertGroup, "labels"> & { labels: string };
const toGroup = (row: GroupRow): AlertGroup => ({ ...row, labels: JSON.parse(row.labels) });

/** Alert groups, storms and answers on PostgreSQL (issue 10). */
export function createPgAlertStore(db: SyncPg): AlertStore {
  const groups = `select ${columnsOf(alertGroups)} from alert_groups`;
  const storms = `select ${columnsOf(alertStorms)} from alert_storms`;
  const one = (where: string, params: unknown[]) => {
    const row = db.one<GroupRow>(`${groups} ${where}`, params);
    return row ? toGroup(row) : null;
  };
  return {
    group: (id) => one("where id = $1", [id]),
    groupByKey: (source, key) => one("where source = $1 and group_key = $2", [source, key]),
    createGroup(group) {
      const row = insertRow<GroupRow>(
        db,
        alertGroups,
        { ...group, labels: JSON.stringify(group.labels) },
        "(source, group_key) do nothing",
      );
      if (!row) throw new AlertGroupExists(group.source, group.groupKey);
      return toGroup(row);
    },
    updateGroup(id, patch) {
      updateById(db, alertGroups, id, patch);
    },
    newGroupsSince(since) {
      return (
        db.one<{ n: number }>("select count(*) as n from alert_groups where first_seen >= $1", [since])?.n ??
        0
      );
    },
    groupsOfIncident: (incidentId) =>
      db.query<GroupRow>(`${groups} where incident_id = $1 order by id`, [incidentId]).map(toGroup),
    groupsOfStorm: (stormId) =>
      db.query<GroupRow>(`${groups} where storm_id = $1 order by id`, [stormId]).map(toGroup),
    activeStorm: (since) =>
      db.one<AlertStorm>(`${storms} where last_at >= $1 order by id desc limit 1`, [since]),
    createStorm: (channel, at) =>
      insertRow<AlertStorm>(db, alertStorms, { channel, startedAt: at, lastAt: at }) as AlertStorm,
    updateStorm(id, patch) {
      updateById(db, alertStorms, id, patch);
    },
    storm: (id) => db.one<AlertStorm>(`${storms} where id = $1`, [id]),
    answer(answer) {
      // A person's new answer replaces their earlier one, in one statement (two replicas: the last wins).
      db.run(
        `insert into alert_feedback (subject, incident_id, group_id, user_id, verdict, alertname, playbook_id, security, answered_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        on conflict (subject, user_id) do update set verdict = excluded.verdict, answered_at = excluded.answered_at`,
        [
          answer.subject,
          answer.incidentId,
          answer.groupId,
          answer.userId,
          answer.verdict,
          answer.alertname,
          answer.playbookId,
          answer.security,
          answer.answeredAt,
        ],
      );
    },
    answersBetween({ from, to }, includeSecurity) {
      return db.query<FeedbackAnswer>(
        `select subject, incident_id as "incidentId", group_id as "groupId", user_id as "userId", verdict,
          alertname, playbook_id as "playbookId", security, answered_at as "answeredAt"
        from alert_feedback where answered_at >= $1 and answered_at < $2 ${includeSecurity ? "" : "and not security"}
        order by id`,
        [from, to],
      );
    },
  };
}
