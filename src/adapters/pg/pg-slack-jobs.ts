import type { Clock } from "../../ports/clock.js";
import { REFRESH_KINDS, type SlackJob } from "../../ports/slack-outbox.js";
import { currentContext } from "../observability/context.js";
import {
  JOB_COLUMNS,
  laneOf,
  REDACTED,
  type RawJob,
  type SlackJobStore,
  toJob,
} from "../db/sqlite-slack-jobs.js";
import type { SyncPg } from "./sync-pg.js";

/**
 * The Slack outbox in PostgreSQL, shared by every replica: each process's dispatcher claims from
 * the same table. A lane still runs one job at a time, in id order, across all of them:
 *
 * - a claim runs in a transaction under the lane's advisory lock (`pg_advisory_xact_lock`), so two
 *   processes never claim in one lane at the same moment; the lock is held for two statements;
 * - the claim is one conditional update of the lane's first pending job (due, not leased), and it
 *   also refuses while any other job of the lane holds a live lease. That covers a job committed
 *   late with a lower id (another replica's transaction still open when the next one was claimed):
 *   it waits for the running one instead of overtaking it.
 *
 * A lease is only a time (`lease_until`), not an owner: `releaseLeases()` at start-up frees the
 * EXPIRED leases only, since the others may belong to a live replica. A replica that crashed holding
 * a job leaves its lane waiting until the lease runs out (the dispatcher's 60 s), then any replica
 * takes it again (Slack may then see that job twice, as with SQLite after a crash).
 *
 * `add` is a plain insert inside the caller's transaction. Two replicas adding the same refresh job
 * at the same moment may both insert it: the message is then edited twice, which shows the same.
 */
export function createPgSlackJobs(db: SyncPg, clock: Clock, onAdded: () => void = () => {}): SlackJobStore {
  const now = () => clock.now();
  const insert =
    "insert into slack_jobs (lane, incident_id, kind, payload, next_at, created_at) values ($1, $2, $3, $4, $5, $5)";
  // The same refresh job waiting, not taken (its payload without the correlation id is the job).
  const insertUnlessWaiting = `
    insert into slack_jobs (lane, incident_id, kind, payload, next_at, created_at)
    select $1, $2, $3, $4, $5, $5
    where not exists (
      select 1 from slack_jobs
      where state = 'pending' and lane = $1 and kind = $3 and (lease_until is null or lease_until < $5)
        and (payload::jsonb - 'correlationId') = $6::jsonb)`;
  // Another job of the lane is running (a live lease): the lane is busy, whatever its head is.
  const laneBusy = (alias: string, t: string) => `exists (
      select 1 from slack_jobs o
      where o.lane = ${alias}.lane and o.state = 'pending' and o.lease_until >= ${t} and o.id <> ${alias}.id)`;
  const heads = `
    select ${JOB_COLUMNS.split(", ")
      .map((c) => `j.${c}`)
      .join(", ")} from slack_jobs j
    join (select lane, min(id) as id from slack_jobs where state = 'pending' group by lane) h on j.id = h.id
    where j.next_at <= $1 and (j.lease_until is null or j.lease_until < $1) and not ${laneBusy("j", "$1")}
    order by j.id limit $2`;
  const claim = `
    update slack_jobs j set lease_until = $1, attempts = attempts + 1
    where id = (select min(id) from slack_jobs where lane = $2 and state = 'pending')
      and next_at <= $3 and (lease_until is null or lease_until < $3) and not ${laneBusy("j", "$3")}
    returning ${JOB_COLUMNS}`;
  const lockLane = "select pg_advisory_xact_lock(hashtextextended('imoc:slack-lane:' || $1, 0))";
  // A finished job that carried a secret keeps its payload without it, in the same statement.
  // PostgreSQL keeps the old row version (with the link) until autovacuum reuses its space, and the
  // WAL has it too: unlike SQLite's secure_delete nothing zeroes it. The link is safe because it
  // works once and for 10 minutes (README, "Sign-in through Slack").
  const finish = (state: "done" | "failed", at: Date, error: string | null, id: number) =>
    db.run(
      `update slack_jobs set state = $1, lease_until = null, done_at = $2, last_error = $3,
        payload = case when payload::jsonb @> '{"secret": true}'
          then jsonb_set(payload::jsonb, '{message}', $4::jsonb)::text else payload end
      where id = $5`,
      [state, at, error, REDACTED, id],
    );
  const claimLocked = (lane: string, leaseMs: number, t: Date) => {
    db.query(lockLane, [lane]);
    const row = db.one<RawJob>(claim, [new Date(t.getTime() + leaseMs), lane, t]);
    return row ? toJob(row) : null;
  };
  const addOne = (
    lane: string,
    incidentId: number | null,
    job: SlackJob,
    at: Date,
    correlationId?: string,
  ) => {
    const payload = JSON.stringify({ ...job, correlationId });
    if (REFRESH_KINDS.has(job.kind))
      db.run(insertUnlessWaiting, [lane, incidentId, job.kind, payload, at, JSON.stringify(job)]);
    else db.run(insert, [lane, incidentId, job.kind, payload, at]);
  };
  return {
    add(incidentId, ...jobs) {
      if (jobs.length === 0) return;
      // The correlation id of the work that queues a job rides in its payload, for its log lines.
      const correlationId = currentContext()?.correlationId;
      const lane = laneOf(incidentId);
      const at = now();
      if (jobs.length === 1) addOne(lane, incidentId, jobs[0] as SlackJob, at, correlationId);
      else
        db.transaction(() => {
          for (const job of jobs) addOne(lane, incidentId, job, at, correlationId);
        });
      onAdded();
    },
    dueHeads(limit, exceptLanes) {
      return db
        .query<RawJob>(heads, [now(), limit + exceptLanes.size])
        .filter((row) => !exceptLanes.has(row.lane))
        .slice(0, limit)
        .map(toJob);
    },
    claimHead(lane, leaseMs) {
      return db.transaction(() => claimLocked(lane, leaseMs, now()));
    },
    completeAndClaimNext(id, lane, leaseMs) {
      return db.transaction(() => {
        const t = now();
        finish("done", t, null, id);
        return claimLocked(lane, leaseMs, t);
      });
    },
    retry(id, at, error) {
      db.run("update slack_jobs set next_at = $1, lease_until = null, last_error = $2 where id = $3", [
        at,
        error,
        id,
      ]);
    },
    fail(id, error) {
      finish("failed", now(), error, id);
    },
    releaseLeases() {
      // Only leases that ran out: the others may be held by a live replica sending them right now.
      return db.run("update slack_jobs set lease_until = null where state = 'pending' and lease_until < $1", [
        now(),
      ]);
    },
    prune(before) {
      return db.run("delete from slack_jobs where state <> 'pending' and done_at < $1", [before]);
    },
    backlog() {
      const row = db.one<{ n: number; failing: number; oldest: Date | null }>(`
        select count(*) as n, count(last_error) as failing, min(created_at) as oldest
        from slack_jobs where state = 'pending'`) ?? { n: 0, failing: 0, oldest: null };
      return { pending: row.n - row.failing, failing: row.failing, oldestQueuedAt: row.oldest };
    },
  };
}
