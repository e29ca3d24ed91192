import type { Followup } from "../../domain/followups/followup.js";
import type { FollowupStore, PlaybookReview, PlaybookReviewStore } from "../../ports/followup-store.js";
import { insertRow } from "./pg-rows.js";
import { columnsOf } from "./pg-rows.js";
import { followups, playbookReviews } from "./schema.js";
import type { SyncPg } from "./sync-pg.js";

/** Follow-ups and playbook reviews on PostgreSQL; every "first one wins" is one conditional statement. */
export function createPgFollowupStores(db: SyncPg): {
  followups: FollowupStore;
  playbookReviews: PlaybookReviewStore;
} {
  const reviews = `select ${columnsOf(playbookReviews)} from playbook_reviews`;
  const followupStore: FollowupStore = {
    add: (input) => insertRow<Followup>(db, followups, input) as Followup,
    get: (id) => db.one<Followup>(`select ${columnsOf(followups)} from followups where id = $1`, [id]),
    list(filter = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      const is = (condition: string, value: unknown) => {
        params.push(value);
        where.push(`${condition} $${params.length}`);
      };
      if (filter.incidentId !== undefined) is("incident_id =", filter.incidentId);
      if (filter.owner) is("owner =", filter.owner);
      if (filter.status) is("status =", filter.status);
      if (filter.dueBefore) {
        where.push("status = 'open'");
        // Days are `YYYY-MM-DD`: byte order is date order, whatever the cluster's collation.
        is('due_on collate "C" <', filter.dueBefore);
      }
      if (filter.excludeSecurity) where.push("incident_id in (select id from incidents where not security)");
      return db.query<Followup>(
        `select ${columnsOf(followups)} from followups
        ${where.length ? `where ${where.join(" and ")}` : ""} order by id`,
        params,
      );
    },
    markDone(id, by, at) {
      return (
        db.run(
          "update followups set status = 'done', done_at = $2, done_by = $3 where id = $1 and status = 'open'",
          [id, at, by],
        ) > 0
      );
    },
    claimDigest(week, at) {
      // Once across replicas: the week's row is there or it is not.
      return (
        db.run("insert into followup_digests (week, sent_at) values ($1, $2) on conflict do nothing", [
          week,
          at,
        ]) > 0
      );
    },
  };
  const reviewStore: PlaybookReviewStore = {
    add: (input) => insertRow<PlaybookReview>(db, playbookReviews, input, "do nothing"),
    get: (id) => db.one<PlaybookReview>(`${reviews} where id = $1`, [id]),
    open: () => db.query<PlaybookReview>(`${reviews} where confirmed_at is null order by id`),
    forIncident: (incidentId) =>
      db.query<PlaybookReview>(`${reviews} where incident_id = $1 order by id`, [incidentId]),
    markReminded(id, at) {
      return (
        db.run(
          "update playbook_reviews set reminded_at = $2 where id = $1 and reminded_at is null and confirmed_at is null",
          [id, at],
        ) > 0
      );
    },
    confirm(id, by, at) {
      return (
        db.run(
          "update playbook_reviews set confirmed_at = $2, confirmed_by = $3 where id = $1 and confirmed_at is null",
          [id, at, by],
        ) > 0
      );
    },
  };
  return { followups: followupStore, playbookReviews: reviewStore };
}
