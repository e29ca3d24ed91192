import { and, asc, count, desc, eq, gte, lt } from "drizzle-orm";
import { AlertGroupExists, type AlertStore } from "../../ports/alert-store.js";
import type { Db } from "./client.js";
import { alertFeedback, alertGroups, alertStorms } from "./schema.js";

type GroupRow = typeof alertGroups.$inferSelect;
const toGroup = ({ ...row }: GroupRow) => row;

/** Alert groups, storms and answers on SQLite (issue 10). */
export function createSqliteAlertStore(db: Db): AlertStore {
  return {
    group(id) {
      const row = db.select().from(alertGroups).where(eq(alertGroups.id, id)).get();
      return row ? toGroup(row) : null;
    },
    groupByKey(source, key) {
      const row = db
        .select()
        .from(alertGroups)
        .where(and(eq(alertGroups.source, source), eq(alertGroups.groupKey, key)))
        .get();
      return row ? toGroup(row) : null;
    },
    createGroup(group) {
      const row = db
        .insert(alertGroups)
        .values(group)
        .onConflictDoNothing({ target: [alertGroups.source, alertGroups.groupKey] })
        .returning()
        .get();
      if (!row) throw new AlertGroupExists(group.source, group.groupKey);
      return toGroup(row);
    },
    updateGroup(id, patch) {
      if (Object.keys(patch).length) db.update(alertGroups).set(patch).where(eq(alertGroups.id, id)).run();
    },
    newGroupsSince(since) {
      const row = db.select({ n: count() }).from(alertGroups).where(gte(alertGroups.firstSeen, since)).get();
      return row?.n ?? 0;
    },
    groupsOfIncident(incidentId) {
      return db
        .select()
        .from(alertGroups)
        .where(eq(alertGroups.incidentId, incidentId))
        .orderBy(asc(alertGroups.id))
        .all()
        .map(toGroup);
    },
    groupsOfStorm(stormId) {
      return db
        .select()
        .from(alertGroups)
        .where(eq(alertGroups.stormId, stormId))
        .orderBy(asc(alertGroups.id))
        .all()
        .map(toGroup);
    },
    activeStorm(since) {
      return (
        db
          .select()
          .from(alertStorms)
          .where(gte(alertStorms.lastAt, since))
          .orderBy(desc(alertStorms.id))
          .limit(1)
          .get() ?? null
      );
    },
    createStorm(channel, at) {
      return db.insert(alertStorms).values({ channel, startedAt: at, lastAt: at }).returning().get();
    },
    updateStorm(id, patch) {
      db.update(alertStorms).set(patch).where(eq(alertStorms.id, id)).run();
    },
    storm(id) {
      return db.select().from(alertStorms).where(eq(alertStorms.id, id)).get() ?? null;
    },
    answer(answer) {
      db.insert(alertFeedback)
        .values(answer)
        .onConflictDoUpdate({
          target: [alertFeedback.subject, alertFeedback.userId],
          set: { verdict: answer.verdict, answeredAt: answer.answeredAt },
        })
        .run();
    },
    answersBetween({ from, to }, includeSecurity) {
      return db
        .select()
        .from(alertFeedback)
        .where(
          and(
            gte(alertFeedback.answeredAt, from),
            lt(alertFeedback.answeredAt, to),
            includeSecurity ? undefined : eq(alertFeedback.security, false),
          ),
        )
        .orderBy(asc(alertFeedback.id))
        .all()
        .map(({ id: _id, ...row }) => row);
    },
  };
}
