import { sql } from "drizzle-orm";
import type { Clock } from "../../ports/clock.js";
import type { QueuedSlackJob, SlackJob, SlackOutbox } from "../../ports/slack-outbox.js";
import type { Db } from "./client.js";
import { slackJobs } from "./schema.js";

type Row = typeof slackJobs.$inferSelect;

const toJob = (row: Row): QueuedSlackJob => ({
  id: row.id,
  lane: row.lane,
  incidentId: row.incidentId,
  job: row.payload as SlackJob,
  attempts: row.attempts,
  createdAt: row.createdAt,
});

/** The lane of an incident's Slack work; work that belongs to no incident gets its own lane. */
export const laneOf = (incidentId: number | null) => (incidentId === null ? "bot" : `inc-${incidentId}`);

export interface SlackJobStore extends SlackOutbox {
  /** The first pending job of every lane that may run now (due, not leased), oldest lanes first. */
  dueHeads(limit: number, exceptLanes: ReadonlySet<string>): QueuedSlackJob[];
  /** Takes the lane's head for `leaseMs` (attempts + 1), or null when it is not due or taken. */
  claimHead(lane: string, leaseMs: number): QueuedSlackJob | null;
  complete(id: number): void;
  retry(id: number, at: Date, error: string): void;
  fail(id: number, error: string): void;
  /** At start-up: leases held by a process that is gone (SQLite has one writer process). */
  releaseLeases(): number;
  pending(): number;
  /** Deletes finished jobs older than `before`. */
  prune(before: Date): number;
}

/** The Slack outbox in SQLite. `onAdded` wakes the dispatcher. */
export function createSqliteSlackJobs(db: Db, clock: Clock, onAdded: () => void = () => {}): SlackJobStore {
  const now = () => clock.now().getTime();
  return {
    add(incidentId, ...jobs) {
      if (jobs.length === 0) return;
      const at = clock.now();
      db.insert(slackJobs)
        .values(
          jobs.map((job) => ({
            lane: laneOf(incidentId),
            incidentId,
            kind: job.kind,
            payload: job,
            nextAt: at,
            createdAt: at,
          })),
        )
        .run();
      onAdded();
    },
    dueHeads(limit, exceptLanes) {
      const t = now();
      const rows = db.all<Record<string, unknown>>(sql`
        select j.id from slack_jobs j
        join (select lane, min(id) as id from slack_jobs where state = 'pending' group by lane) h on j.id = h.id
        where j.next_at <= ${t} and (j.lease_until is null or j.lease_until < ${t})
        order by j.id limit ${limit + exceptLanes.size}`);
      const ids = rows.map((r) => Number(r.id));
      if (ids.length === 0) return [];
      return db
        .select()
        .from(slackJobs)
        .where(
          sql`${slackJobs.id} in (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`,
        )
        .all()
        .map(toJob)
        .filter((j) => !exceptLanes.has(j.lane))
        .sort((a, b) => a.id - b.id)
        .slice(0, limit);
    },
    claimHead(lane, leaseMs) {
      const t = now();
      const row = db.get<Row | undefined>(sql`
        update slack_jobs set lease_until = ${t + leaseMs}, attempts = attempts + 1
        where id = (select min(id) from slack_jobs where lane = ${lane} and state = 'pending')
          and next_at <= ${t} and (lease_until is null or lease_until < ${t})
        returning id`);
      if (!row) return null;
      const full = db
        .select()
        .from(slackJobs)
        .where(sql`${slackJobs.id} = ${(row as { id: number }).id}`)
        .get();
      return full ? toJob(full) : null;
    },
    complete(id) {
      db.update(slackJobs)
        .set({ state: "done", leaseUntil: null, doneAt: clock.now(), lastError: null })
        .where(sql`${slackJobs.id} = ${id}`)
        .run();
    },
    retry(id, at, error) {
      db.update(slackJobs)
        .set({ nextAt: at, leaseUntil: null, lastError: error })
        .where(sql`${slackJobs.id} = ${id}`)
        .run();
    },
    fail(id, error) {
      db.update(slackJobs)
        .set({ state: "failed", leaseUntil: null, doneAt: clock.now(), lastError: error })
        .where(sql`${slackJobs.id} = ${id}`)
        .run();
    },
    releaseLeases() {
      return db
        .update(slackJobs)
        .set({ leaseUntil: null })
        .where(sql`${slackJobs.state} = 'pending' and ${slackJobs.leaseUntil} is not null`)
        .run().changes;
    },
    pending() {
      return Number(
        db.get<{ n: number }>(sql`select count(*) as n from slack_jobs where state = 'pending'`)?.n ?? 0,
      );
    },
    prune(before) {
      return db.run(sql`delete from slack_jobs where state != 'pending' and done_at < ${before.getTime()}`)
        .changes;
    },
  };
}
