import { describe, expect, it } from "vitest";
import type { PlannedStep } from "../../src/domain/escalation/escalation-plan.js";
import { declared, newIncident, useRecord } from "./fixtures.js";
import { RECORDS } from "./records.js";

const MIN = 60_000;
const t0 = new Date("2026-11-27T10:00:00.321Z");

/** primary at 0, secondary at 5 min, IC at 10 min (already paged: skipped). */
const plan =
  (incidentId: number) =>
  (generation: number): Array<PlannedStep & { jobId: string }> =>
    [
      ["primary", 0, null],
      ["secondary", 5, null],
      ["incident_commander", 10, "already paged"],
    ].map(([target, minutes, skipReason], index) => ({
      jobId: `esc:${incidentId}:${generation}:${index}`,
      index,
      target: target as string,
      afterMs: (minutes as number) * MIN,
      until: "acknowledged" as const,
      dueAt: new Date(t0.getTime() + (minutes as number) * MIN),
      skipReason: skipReason as string | null,
    }));

describe.each(RECORDS)("escalation store on %s", (_kind, open) => {
  const record = useRecord(open);

  async function planned() {
    const r = await record();
    const incident = r.incidents.create(newIncident(), declared);
    return { r, incident, first: r.escalations.replacePlan(incident.id, t0, "sev1", plan(incident.id)) };
  }

  it("stores a plan's steps (pre-skipped ones skipped) and a re-plan cancels the pending ones of the old plan", async () => {
    const { r, incident, first } = await planned();
    expect(r.escalations.generation(incident.id + 1)).toBe(0);
    expect(first.generation).toBe(1);
    expect(first.cancelled).toEqual([]);
    expect(first.steps).toEqual([
      {
        jobId: `esc:${incident.id}:1:0`,
        incidentId: incident.id,
        generation: 1,
        index: 0,
        target: "primary",
        until: "acknowledged",
        dueAt: t0,
        state: "pending",
        reason: null,
        finishedAt: null,
      },
      expect.objectContaining({ index: 1, state: "pending", dueAt: new Date(t0.getTime() + 5 * MIN) }),
      expect.objectContaining({ index: 2, state: "skipped", reason: "already paged", finishedAt: t0 }),
    ]);
    expect(r.escalations.step(`esc:${incident.id}:1:1`)).toEqual(first.steps[1]);
    expect(r.escalations.step("esc:none")).toBeNull();

    // The first step ran; a severity change re-plans from a new T0 on another replica.
    expect(r.escalations.startStep(`esc:${incident.id}:1:0`)).toBe(true);
    const other = await r.replica();
    const later = new Date(t0.getTime() + 2 * MIN);
    const second = other.escalations.replacePlan(incident.id, later, "sev2", plan(incident.id));
    expect(second.generation).toBe(2);
    expect(r.escalations.generation(incident.id)).toBe(2);
    // Only the pending one is cancelled: the running step records its own outcome.
    expect(second.cancelled).toEqual([
      { ...first.steps[1], state: "cancelled", reason: "re-planned (plan 2 replaces it)", finishedAt: later },
    ]);
    expect(r.escalations.step(`esc:${incident.id}:1:1`)?.finishedAt).toEqual(later);
    expect(r.escalations.steps(incident.id).map((s) => [s.generation, s.index, s.state])).toEqual([
      [1, 0, "running"],
      [1, 1, "cancelled"],
      [1, 2, "skipped"],
      [2, 0, "pending"],
      [2, 1, "pending"],
      [2, 2, "skipped"],
    ]);
    const resolvedAt = new Date(t0.getTime() + 3 * MIN);
    expect(r.escalations.cancelPending(incident.id, "resolved", resolvedAt).map((s) => s.jobId)).toEqual([
      `esc:${incident.id}:2:0`,
      `esc:${incident.id}:2:1`,
    ]);
    expect(r.escalations.cancelPending(incident.id, "resolved", resolvedAt)).toEqual([]);
  });

  it("a step is taken by one run at a time: a live lease holds it, an expired or released one frees it", async () => {
    const { r, incident } = await planned();
    const other = await r.replica();
    const job = `esc:${incident.id}:1:0`;
    const at = (minutes: number) => new Date(t0.getTime() + minutes * MIN);
    expect(r.escalations.startStep(job, { at: at(0), ms: MIN })).toBe(true);
    expect(other.escalations.startStep(job, { at: at(0.5), ms: MIN })).toBe(false);
    // The holder crashed: after its lease another replica takes the step.
    expect(other.escalations.startStep(job, { at: at(1.01), ms: MIN })).toBe(true);
    expect(r.escalations.startStep(job, { at: at(1.5), ms: MIN })).toBe(false);
    other.escalations.releaseStep(job);
    expect(r.escalations.startStep(job, { at: at(1.5), ms: MIN })).toBe(true);
    // Finished once, with its event once; a finished step is never started again.
    const event = {
      incidentId: incident.id,
      kind: "page_sent" as const,
      occurredAt: at(1.6),
      actor: "bot",
      text: "Paged primary",
    };
    expect(r.escalations.finishStep(job, { state: "paged", reason: null, at: at(1.6) }, event)).toBe(true);
    expect(other.escalations.finishStep(job, { state: "failed", reason: "late", at: at(1.7) }, event)).toBe(
      false,
    );
    expect(other.escalations.startStep(job, { at: at(60), ms: MIN })).toBe(false);
    expect(r.escalations.step(job)).toMatchObject({ state: "paged", reason: null, finishedAt: at(1.6) });
    expect(r.timeline.list(incident.id).filter((e) => e.kind === "page_sent")).toHaveLength(1);
    // A cancelled step cannot start.
    const second = `esc:${incident.id}:1:1`;
    r.escalations.cancelPending(incident.id, "resolved", at(2));
    expect(other.escalations.startStep(second)).toBe(false);
  });

  it("claims a target's page once whoever asks, and keeps its stamps", async () => {
    const { r, incident } = await planned();
    const other = await r.replica();
    const claim = { incidentId: incident.id, target: "primary", stepJobId: `esc:${incident.id}:1:0`, at: t0 };
    const page = r.escalations.claimPage({ ...claim, dedupKey: `imoc-${incident.id}-primary` });
    expect(page).toEqual({
      id: page.id,
      incidentId: incident.id,
      target: "primary",
      stepJobId: `esc:${incident.id}:1:0`,
      dedupKey: `imoc-${incident.id}-primary`,
      claimedAt: t0,
      pagerdutySentAt: null,
      slackSentAt: null,
      slackQueuedAt: null,
      slackUsers: null,
      acknowledgedAt: null,
      resolvedAt: null,
      pagerdutyAttempts: 0,
      pagerdutyFailingSince: null,
      pagerdutyGaveUpAt: null,
      pagerdutyAckedAt: null,
    });
    // A rerun of the step on another replica gets the same page back.
    const again = other.escalations.claimPage({
      ...claim,
      stepJobId: "esc:rerun",
      dedupKey: `imoc-${incident.id}-primary`,
    });
    expect(again).toEqual(page);
    const sent = new Date(t0.getTime() + 1234);
    other.escalations.stampPage(
      page.id,
      { pagerdutySentAt: sent, pagerdutyAttempts: 2, slackUsers: ["U1", "U2"], slackQueuedAt: sent },
      { incidentId: incident.id, kind: "page_sent", occurredAt: sent, actor: "bot", text: "Paged primary" },
    );
    const stamped = {
      ...page,
      pagerdutySentAt: sent,
      pagerdutyAttempts: 2,
      slackUsers: ["U1", "U2"],
      slackQueuedAt: sent,
    };
    expect(r.escalations.pageByDedupKey(`imoc-${incident.id}-primary`)).toEqual(stamped);
    expect(r.escalations.pageByDedupKey("imoc-nobody")).toBeNull();
    r.escalations.claimPage({ ...claim, target: "secondary", dedupKey: `imoc-${incident.id}-secondary` });
    expect(r.escalations.pages(incident.id).map((p) => p.target)).toEqual(["primary", "secondary"]);
    expect(r.escalations.pagedTargets(incident.id)).toEqual(new Set(["primary", "secondary"]));
    expect(r.timeline.list(incident.id).map((e) => e.kind)).toEqual(["declared", "page_sent"]);
  });
});
