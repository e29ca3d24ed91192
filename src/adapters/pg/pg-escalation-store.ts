import type { EscalationStore, PageRecord, StepRecord } from "../../ports/escalation-store.js";
import type { Timeline } from "../../ports/incident-store.js";
import { plannedStepRow, toStep } from "../db/sqlite-escalation-store.js";
import { assignments, columnsOf, insertInto } from "./pg-rows.js";
import { escalationSteps, pages } from "./schema.js";
import type { SyncPg } from "./sync-pg.js";

type StepRow = Parameters<typeof toStep>[0];
type PageRow = Omit<PageRecord, "slackUsers"> & { slackUsers: string | null };

const STEP = columnsOf(escalationSteps);
const PAGE = columnsOf(pages);

const toPage = (row: PageRow): PageRecord => ({
  ...row,
  slackUsers: row.slackUsers === null ? null : (JSON.parse(row.slackUsers) as string[]),
});

/**
 * PostgreSQL escalation plans and pages, safe with several replicas: a step is taken by one
 * conditional update, a page row by `insert ... on conflict do nothing`, and a new plan under the
 * lock of the incident's `escalations` row. A step's outcome and its timeline event commit together.
 */
export function createPgEscalationStore(db: SyncPg, timeline: Timeline): EscalationStore {
  const cancel = (incidentId: number, reason: string, at: Date): StepRecord[] =>
    db
      .query<StepRow>(
        `update escalation_steps set state = 'cancelled', reason = $2, finished_at = $3 where incident_id = $1 and state = 'pending' returning ${STEP}`,
        [incidentId, reason, at],
      )
      .map(toStep)
      .sort((a, b) => a.generation - b.generation || a.index - b.index);

  return {
    generation(incidentId) {
      return (
        db.one<{ generation: number }>("select generation from escalations where incident_id = $1", [
          incidentId,
        ])?.generation ?? 0
      );
    },
    replacePlan(incidentId, t0, severity, build) {
      return db.transaction(() => {
        // One statement bumps the generation and locks the incident's plan row until commit: a
        // second replica re-planning at once waits, then builds on this plan (and cancels it).
        const { generation } = db.one<{ generation: number }>(
          `insert into escalations (incident_id, generation, t0, severity) values ($1, 1, $2, $3)
           on conflict (incident_id) do update set generation = escalations.generation + 1, t0 = excluded.t0, severity = excluded.severity
           returning generation`,
          [incidentId, t0, severity],
        ) as { generation: number };
        const cancelled = cancel(incidentId, `re-planned (plan ${generation} replaces it)`, t0);
        const steps = build(generation).map((s) => {
          const insert = insertInto(escalationSteps, plannedStepRow(s, incidentId, generation, t0));
          return toStep(db.one<StepRow>(`${insert.sql} returning ${STEP}`, insert.params) as StepRow);
        });
        return { generation, cancelled, steps };
      });
    },
    cancelPending(incidentId, reason, at) {
      return db.transaction(() => cancel(incidentId, reason, at));
    },
    step(jobId) {
      const row = db.one<StepRow>(`select ${STEP} from escalation_steps where job_id = $1`, [jobId]);
      return row ? toStep(row) : null;
    },
    steps(incidentId) {
      return db
        .query<StepRow>(
          `select ${STEP} from escalation_steps where incident_id = $1 order by generation, idx`,
          [incidentId],
        )
        .map(toStep);
    },
    startStep(jobId, lease) {
      // A running step is taken again only once its holder's lease ran out (it crashed, or it
      // released the step to retry later): the in-process 0-minute run and a queued rerun never
      // page at the same time. One conditional update: of two replicas, one takes the step.
      const at = lease?.at.getTime() ?? 0;
      return (
        db.run(
          `update escalation_steps set state = 'running', lease_until = $2
           where job_id = $1 and (state = 'pending' or (state = 'running' and (lease_until is null or lease_until < $3)))`,
          [jobId, lease ? new Date(at + lease.ms) : null, new Date(at)],
        ) > 0
      );
    },
    releaseStep(jobId) {
      db.run("update escalation_steps set lease_until = null where job_id = $1", [jobId]);
    },
    finishStep(jobId, outcome, event) {
      return db.transaction(() => {
        // Only an unfinished step finishes: a rerun or a racing cancel leaves one outcome.
        const changed = db.run(
          `update escalation_steps set state = $2, reason = $3, finished_at = $4, lease_until = null
           where job_id = $1 and state in ('pending', 'running')`,
          [jobId, outcome.state, outcome.reason, outcome.at],
        );
        if (changed && event) timeline.append(event);
        return changed > 0;
      });
    },
    claimPage(input) {
      return db.transaction(() => {
        db.run(
          `insert into pages (incident_id, target, step_job_id, dedup_key, claimed_at) values ($1, $2, $3, $4, $5)
           on conflict do nothing`,
          [input.incidentId, input.target, input.stepJobId, input.dedupKey, input.at],
        );
        return toPage(
          db.one<PageRow>(`select ${PAGE} from pages where incident_id = $1 and target = $2`, [
            input.incidentId,
            input.target,
          ]) as PageRow,
        );
      });
    },
    stampPage(id, stamp, event) {
      db.transaction(() => {
        const set = assignments(pages, stamp, 2);
        if (set.params.length) db.run(`update pages set ${set.sql} where id = $1`, [id, ...set.params]);
        if (event) timeline.append(event);
      });
    },
    pages(incidentId) {
      return db
        .query<PageRow>(`select ${PAGE} from pages where incident_id = $1 order by id`, [incidentId])
        .map(toPage);
    },
    pageByDedupKey(dedupKey) {
      const row = db.one<PageRow>(`select ${PAGE} from pages where dedup_key = $1`, [dedupKey]);
      return row ? toPage(row) : null;
    },
    pagedTargets(incidentId) {
      return new Set(
        db
          .query<{ target: string }>("select target from pages where incident_id = $1", [incidentId])
          .map((r) => r.target),
      );
    },
  };
}
