import { and, asc, eq, isNull, lt, type SQL } from "drizzle-orm";
import type { Followup } from "../../domain/followups/followup.js";
import type { FollowupStore, PlaybookReview, PlaybookReviewStore } from "../../ports/followup-store.js";
import type { Db } from "./client.js";
import { followupDigests, followups, incidents, playbookReviews } from "./schema.js";

/** Follow-ups and playbook reviews on SQLite. */
export function createSqliteFollowupStores(db: Db): {
  followups: FollowupStore;
  playbookReviews: PlaybookReviewStore;
} {
  const getFollowup = (id: number): Followup | null =>
    db.select().from(followups).where(eq(followups.id, id)).get() ?? null;
  const followupStore: FollowupStore = {
    add: (input) => db.insert(followups).values(input).returning().get(),
    get: getFollowup,
    list(filter = {}) {
      const where: SQL[] = [];
      if (filter.incidentId !== undefined) where.push(eq(followups.incidentId, filter.incidentId));
      if (filter.owner) where.push(eq(followups.owner, filter.owner));
      if (filter.status) where.push(eq(followups.status, filter.status));
      if (filter.dueBefore) where.push(eq(followups.status, "open"), lt(followups.dueOn, filter.dueBefore));
      if (filter.excludeSecurity) where.push(eq(incidents.security, false));
      return db
        .select({ f: followups })
        .from(followups)
        .innerJoin(incidents, eq(incidents.id, followups.incidentId))
        .where(and(...where))
        .orderBy(asc(followups.id))
        .all()
        .map((r) => r.f);
    },
    markDone(id, by, at) {
      const done = db
        .update(followups)
        .set({ status: "done", doneAt: at, doneBy: by })
        .where(and(eq(followups.id, id), eq(followups.status, "open")))
        .run();
      return done.changes > 0;
    },
    claimDigest(week, at) {
      const claimed = db.insert(followupDigests).values({ week, sentAt: at }).onConflictDoNothing().run();
      return claimed.changes > 0;
    },
  };
  const reviewStore: PlaybookReviewStore = {
    add(input) {
      const row = db.insert(playbookReviews).values(input).onConflictDoNothing().returning().get();
      return (row as PlaybookReview | undefined) ?? null;
    },
    get: (id) => db.select().from(playbookReviews).where(eq(playbookReviews.id, id)).get() ?? null,
    open: () =>
      db
        .select()
        .from(playbookReviews)
        .where(isNull(playbookReviews.confirmedAt))
        .orderBy(asc(playbookReviews.id))
        .all(),
    forIncident: (incidentId) =>
      db
        .select()
        .from(playbookReviews)
        .where(eq(playbookReviews.incidentId, incidentId))
        .orderBy(asc(playbookReviews.id))
        .all(),
    markReminded(id, at) {
      const r = db
        .update(playbookReviews)
        .set({ remindedAt: at })
        .where(
          and(
            eq(playbookReviews.id, id),
            isNull(playbookReviews.remindedAt),
            isNull(playbookReviews.confirmedAt),
          ),
        )
        .run();
      return r.changes > 0;
    },
    confirm(id, by, at) {
      const r = db
        .update(playbookReviews)
        .set({ confirmedAt: at, confirmedBy: by })
        .where(and(eq(playbookReviews.id, id), isNull(playbookReviews.confirmedAt)))
        .run();
      return r.changes > 0;
    },
  };
  return { followups: followupStore, playbookReviews: reviewStore };
}
