import { and, asc, eq, inArray, isNull, lt, or } from "drizzle-orm";
import type { PlannedStep } from "../../domain/escalation/escalation-plan.js";
import type { UntilState } from "../../domain/escalation/escalation-matrix.js";
import type { EscalationStore, PageRecord, StepRecord } from "../../ports/escalation-store.js";
import type { Timeline } from "../../ports/incident-store.js";
import type { Db } from "./client.js";
import { escalationSteps, escalations, pages } from "./schema.js";

type StepRow = typeof escalationSteps.$inferSelect;

export const toStep = (row: StepRow): StepRecord => ({
  jobId: row.jobId,
  incidentId: row.incidentId,
  generation: row.generation,
  index: row.idx,
  target: row.target,
  until: row.until as UntilState,
  dueAt: row.dueAt,
  state: row.state,
  reason: row.reason,
  finishedAt: row.finishedAt,
});

/** The row of a planned step (pre-skipped ones are stored as skipped, finished at T0). */
export const plannedStepRow = (
  s: PlannedStep & { jobId: string },
  incidentId: number,
  generation: number,
  t0: Date,
) => ({
  jobId: s.jobId,
  incidentId,
  generation,
  idx: s.index,
  target: s.target,
  until: s.until,
  dueAt: s.dueAt,
  state: s.skipReason ? ("skipped" as const) : ("pending" as const),
  reason: s.skipReason,
  finishedAt: s.skipReason ? t0 : null,
});

/**
 * SQLite escalation plans and pages. It shares the connection with the timeline, so a step's
 * outcome and its timeline event are written in one transaction (better-sqlite3 nests it).
 */
export function createSqliteEscalationStore(db: Db, timeline: Timeline): EscalationStore {
  const pendingOf = (tx: Db, incidentId: number) =>
    tx
      .select()
      .from(escalationSteps)
      .where(and(eq(escalationSteps.incidentId, incidentId), eq(escalationSteps.state, "pending")))
      .all();

  const cancel = (tx: Db, incidentId: number, reason: string, at: Date) => {
    const pending = pendingOf(tx, incidentId);
    tx.update(escalationSteps)
      .set({ state: "cancelled", reason, finishedAt: at })
      .where(and(eq(escalationSteps.incidentId, incidentId), eq(escalationSteps.state, "pending")))
      .run();
    return pending.map((row) => ({ ...toStep(row), state: "cancelled" as const, reason, finishedAt: at }));
  };

  return {
    generation(incidentId) {
      return (
        db.select().from(escalations).where(eq(escalations.incidentId, incidentId)).get()?.generation ?? 0
      );
    },
    replacePlan(incidentId, t0, severity, build) {
      return db.transaction((tx) => {
        const current = tx.select().from(escalations).where(eq(escalations.incidentId, incidentId)).get();
        const generation = (current?.generation ?? 0) + 1;
        const cancelled = cancel(tx, incidentId, `re-planned (plan ${generation} replaces it)`, t0);
        tx.insert(escalations)
          .values({ incidentId, generation, t0, severity })
          .onConflictDoUpdate({ target: escalations.incidentId, set: { generation, t0, severity } })
          .run();
        const steps = build(generation).map((s) =>
          tx
            .insert(escalationSteps)
            .values(plannedStepRow(s, incidentId, generation, t0))
            .returning()
            .get(),
        );
        return { generation, cancelled, steps: steps.map(toStep) };
      });
    },
    cancelPending(incidentId, reason, at) {
      return db.transaction((tx) => cancel(tx, incidentId, reason, at));
    },
    step(jobId) {
      const row = db.select().from(escalationSteps).where(eq(escalationSteps.jobId, jobId)).get();
      return row ? toStep(row) : null;
    },
    steps(incidentId) {
      return db
        .select()
        .from(escalationSteps)
        .where(eq(escalationSteps.incidentId, incidentId))
        .orderBy(asc(escalationSteps.generation), asc(escalationSteps.idx))
        .all()
        .map(toStep);
    },
    startStep(jobId, lease) {
      // A running step is taken again only once its holder's lease ran out (it crashed, or it
      // released the step to retry later): the in-process 0-minute run and a queued rerun never
      // page at the same time.
      const at = lease?.at.getTime() ?? 0;
      const changed = db
        .update(escalationSteps)
        .set({ state: "running", leaseUntil: lease ? new Date(at + lease.ms) : null })
        .where(
          and(
            eq(escalationSteps.jobId, jobId),
            or(
              eq(escalationSteps.state, "pending"),
              and(
                eq(escalationSteps.state, "running"),
                or(isNull(escalationSteps.leaseUntil), lt(escalationSteps.leaseUntil, new Date(at))),
              ),
            ),
          ),
        )
        .returning()
        .all();
      return changed.length > 0;
    },
    releaseStep(jobId) {
      db.update(escalationSteps).set({ leaseUntil: null }).where(eq(escalationSteps.jobId, jobId)).run();
    },
    finishStep(jobId, outcome, event) {
      return db.transaction((tx) => {
        // Only an unfinished step finishes: a rerun or a racing cancel leaves one outcome.
        const changed = tx
          .update(escalationSteps)
          .set({ state: outcome.state, reason: outcome.reason, finishedAt: outcome.at, leaseUntil: null })
          .where(
            and(eq(escalationSteps.jobId, jobId), inArray(escalationSteps.state, ["pending", "running"])),
          )
          .returning()
          .all();
        if (changed.length && event) timeline.append(event);
        return changed.length > 0;
      });
    },
    claimPage(input) {
      return db.transaction((tx) => {
        tx.insert(pages)
          .values({
            incidentId: input.incidentId,
            target: input.target,
            stepJobId: input.stepJobId,
            dedupKey: input.dedupKey,
            claimedAt: input.at,
          })
          .onConflictDoNothing()
          .run();
        return tx
          .select()
          .from(pages)
          .where(and(eq(pages.incidentId, input.incidentId), eq(pages.target, input.target)))
          .get() as PageRecord;
      });
    },
    stampPage(id, stamp, event) {
      db.transaction(() => {
        db.update(pages).set(stamp).where(eq(pages.id, id)).run();
        if (event) timeline.append(event);
      });
    },
    pages(incidentId) {
      return db.select().from(pages).where(eq(pages.incidentId, incidentId)).orderBy(asc(pages.id)).all();
    },
    pageByDedupKey(dedupKey) {
      return db.select().from(pages).where(eq(pages.dedupKey, dedupKey)).get() ?? null;
    },
    pagedTargets(incidentId) {
      return new Set(
        db
          .select({ target: pages.target })
          .from(pages)
          .where(eq(pages.incidentId, incidentId))
          .all()
          .map((r) => r.target),
      );
    },
  };
}
