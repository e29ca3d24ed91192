import type BetterSqlite3 from "better-sqlite3";
import type { Clock } from "../../ports/clock.js";
import {
  type QueuedSlackJob,
  REFRESH_KINDS,
  type SlackBacklog,
  type SlackJob,
  type SlackOutbox,
} from "../../ports/slack-outbox.js";
import { currentContext } from "../observability/context.js";
import type { Db } from "./client.js";

/** The lane of an incident's Slack work; work that belongs to no incident gets its own lane. */
export const laneOf = (incidentId: number | null) => (incidentId === null ? "bot" : `inc-${incidentId}`);

export interface SlackJobStore extends SlackOutbox {
  /** The first pending job of every lane that may run now (due, not leased), oldest lanes first. */
  dueHeads(limit: number, exceptLanes: ReadonlySet<string>): QueuedSlackJob[];
  /** Takes the lane's head for `leaseMs` (attempts + 1), or null when it is not due or taken. */
  claimHead(lane: string, leaseMs: number): QueuedSlackJob | null;
  /** Marks the job done and takes the lane's next one, in one transaction (one commit per job sent). */
  completeAndClaimNext(id: number, lane: string, leaseMs: number): QueuedSlackJob | null;
  retry(id: number, at: Date, error: string): void;
  fail(id: number, error: string): void;
  /**
   * At start-up: frees leases held by a process that is gone. SQLite frees them all (one writer
   * process); PostgreSQL only the expired ones, since a live replica may hold the others.
   */
  releaseLeases(): number;
  /** Deletes finished jobs older than `before`. */
  prune(before: Date): number;
  /** The jobs still to send, for the metrics read at scrape time (one indexed query). */
  backlog(): SlackBacklog;
}

/** The Slack outbox in SQLite, on prepared statements (it is the busiest table). `onAdded` wakes the dispatcher. */
export function createSqliteSlackJobs(db: Db, clock: Clock, onAdded: () => void = () => {}): SlackJobStore {
  const sqlite = (db as unknown as { $client: BetterSqlite3.Database }).$client;
  const now = () => clock.now().getTime();
  const columns = JOB_COLUMNS;
  const insert = sqlite.prepare(
    "insert into slack_jobs (lane, incident_id, kind, payload, next_at, created_at) values (?, ?, ?, ?, ?, ?)",
  );
  // The same refresh job waiting, not taken (its payload without the correlation id is the job).
  const waitingSame = sqlite.prepare(`
    select 1 from slack_jobs
    where state = 'pending' and lane = ? and kind = ? and (lease_until is null or lease_until < ?)
      and json_remove(payload, '$.correlationId') = ?
    limit 1`);
  const heads = sqlite.prepare(`
    select j.${columns.split(", ").join(", j.")} from slack_jobs j
    join (select lane, min(id) as id from slack_jobs where state = 'pending' group by lane) h on j.id = h.id
    where j.next_at <= ? and (j.lease_until is null or j.lease_until < ?)
    order by j.id limit ?`);
  const claim = sqlite.prepare(`
    update slack_jobs set lease_until = ?, attempts = attempts + 1
    where id = (select min(id) from slack_jobs where lane = ? and state = 'pending')
      and next_at <= ? and (lease_until is null or lease_until < ?)
    returning ${columns}`);
  // A finished job that carried a secret keeps its payload without it, in the same statement.
  const done = sqlite.prepare(`
    update slack_jobs set state = ?, lease_until = null, done_at = ?, last_error = ?,
      payload = iif(json_extract(payload, '$.secret'), json_set(payload, '$.message', json(?)), payload)
    where id = ?`);
  const finish = (state: "done" | "failed", at: number, error: string | null, id: number) =>
    done.run(state, at, error, REDACTED, id);
  const later = sqlite.prepare(
    "update slack_jobs set next_at = ?, lease_until = null, last_error = ? where id = ?",
  );
  const backlog = sqlite.prepare(`
    select count(*) as n, coalesce(sum(last_error is not null), 0) as failing, min(created_at) as oldest
    from slack_jobs where state = 'pending'`);
  // The correlation id of the work that queues a job rides in its payload, for the job's log lines.
  const addAll = sqlite.transaction((incidentId: number | null, jobs: SlackJob[], at: number) => {
    const correlationId = currentContext()?.correlationId;
    const lane = laneOf(incidentId);
    for (const job of jobs) {
      if (REFRESH_KINDS.has(job.kind) && waitingSame.get(lane, job.kind, at, JSON.stringify(job))) continue;
      insert.run(lane, incidentId, job.kind, JSON.stringify({ ...job, correlationId }), at, at);
    }
  });
  return {
    add(incidentId, ...jobs) {
      if (jobs.length === 0) return;
      addAll(incidentId, jobs, now());
      onAdded();
    },
    dueHeads(limit, exceptLanes) {
      const t = now();
      return (heads.all(t, t, limit + exceptLanes.size) as RawJob[])
        .filter((row) => !exceptLanes.has(row.lane))
        .slice(0, limit)
        .map(toJob);
    },
    claimHead(lane, leaseMs) {
      const t = now();
      const row = claim.get(t + leaseMs, lane, t, t) as RawJob | undefined;
      return row ? toJob(row) : null;
    },
    completeAndClaimNext: sqlite.transaction((id: number, lane: string, leaseMs: number) => {
      const t = now();
      finish("done", t, null, id);
      const row = claim.get(t + leaseMs, lane, t, t) as RawJob | undefined;
      return row ? toJob(row) : null;
    }) as (id: number, lane: string, leaseMs: number) => QueuedSlackJob | null,
    retry(id, at, error) {
      later.run(at.getTime(), error, id);
    },
    fail(id, error) {
      finish("failed", now(), error, id);
    },
    releaseLeases() {
      return sqlite
        .prepare(
          "update slack_jobs set lease_until = null where state = 'pending' and lease_until is not null",
        )
        .run().changes;
    },
    prune(before) {
      return sqlite
        .prepare("delete from slack_jobs where state != 'pending' and done_at < ?")
        .run(before.getTime()).changes;
    },
    backlog() {
      const row = backlog.get() as { n: number; failing: number; oldest: number | null };
      return {
        pending: row.n - row.failing,
        failing: row.failing,
        oldestQueuedAt: row.oldest === null ? null : new Date(row.oldest),
      };
    },
  };
}

/** What stays of the message of a finished job that carried a secret. */
export const REDACTED_SECRET_TEXT = "[one-time sign-in link, removed after sending]";
/** The message a finished secret job keeps, as JSON (both records write it). */
export const REDACTED = JSON.stringify({ text: REDACTED_SECRET_TEXT });

/** A job row as both records read it (`created_at`: SQLite's ms, PostgreSQL's Date). */
export interface RawJob {
  id: number;
  lane: string;
  incident_id: number | null;
  payload: string;
  attempts: number;
  created_at: number | Date;
}

/** The columns `toJob` reads, in both records. */
export const JOB_COLUMNS = "id, lane, incident_id, payload, attempts, created_at";

export function toJob(row: RawJob): QueuedSlackJob {
  const { correlationId, ...job } = JSON.parse(row.payload) as SlackJob & { correlationId?: string };
  return {
    id: row.id,
    lane: row.lane,
    incidentId: row.incident_id,
    job: job as SlackJob,
    attempts: row.attempts,
    createdAt: new Date(row.created_at),
    ...(correlationId ? { correlationId } : {}),
  };
}
