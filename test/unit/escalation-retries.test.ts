import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acknowledgeOpenPages, acknowledgePagesOnAck } from "../../src/app/escalation/acknowledge-pages.js";
import { handlePagerDutyEvent } from "../../src/app/escalation/handle-pagerduty-event.js";
import { planIncidentEscalation } from "../../src/app/escalation/plan-escalation.js";
import { runEscalationStep } from "../../src/app/escalation/run-escalation-step.js";
import { RetryLater } from "../../src/app/escalation/step-attempt.js";
import { resolveOpenPages, stopEscalation } from "../../src/app/escalation/stop-escalation.js";
import { pagerDutyRetryDelayMs } from "../../src/domain/escalation/pagerduty-backoff.js";
import { stepDeps } from "./support/step-deps.js";

/** A step's job runs until PagerDuty took the page, refused it, or the page stopped mattering. */
let t: ReturnType<typeof stepDeps>;
beforeEach(() => {
  t = stepDeps();
});
afterEach(() => t.close());

const unavailable = {
  ok: false as const,
  permanent: false,
  code: "http_503",
  message: "Service Unavailable",
};

async function sev1Steps() {
  const incident = t.declare("sev1");
  const { steps } = await planIncidentEscalation(t.deps, incident, incident.declaredAt);
  const jobId = (target: string) => steps.find((s) => s.target === target)!.jobId;
  return { incident, primary: jobId("primary"), cto: jobId("cto") };
}
const state = (jobId: string) => t.deps.escalations.step(jobId)?.state;
const page = (incidentId: number, target: string) =>
  t.deps.escalations.pages(incidentId).find((p) => p.target === target)!;
const texts = (incidentId: number, kind: string) =>
  t.deps.timeline
    .list(incidentId)
    .filter((e) => e.kind === kind)
    .map((e) => e.text);

describe("the PagerDuty backoff", () => {
  it("doubles from 1 s and stays at 30 s for ever", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 100, 1e9].map((n) => pagerDutyRetryDelayMs(n))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000,
    ]);
  });
});

describe("PagerDuty failures in an escalation step", () => {
  it("retries for as long as it takes: says 'still trying' once, then how many tries it took", async () => {
    const { incident, primary } = await sev1Steps();
    t.pager.answer = unavailable;
    for (let tries = 1; tries <= 12; tries++) {
      const failure = await runEscalationStep(t.deps, primary).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(RetryLater);
      expect((failure as RetryLater).tries).toBe(tries);
      expect(state(primary)).toBe("running");
    }
    expect(page(incident.id, "primary").pagerdutyAttempts).toBe(12);
    // Slack went out on the first run and is not repeated.
    expect(t.dms).toEqual(["U_PRIMARY"]);
    expect(t.lines()).toEqual([
      ":warning: PagerDuty is failing for Primary on-call (http_503: Service Unavailable); still trying.",
    ]);
    t.pager.answer = { ok: true };
    expect(await runEscalationStep(t.deps, primary)).toEqual({
      kind: "paged",
      target: "primary",
      via: ["PagerDuty", "Slack: <@U_PRIMARY>"],
    });
    expect(t.triggers).toHaveLength(13);
    expect(new Set(t.triggers.map((r) => r.dedupKey))).toEqual(new Set([`imoc-inc-${incident.id}-primary`]));
    expect(t.lines().slice(1)).toEqual([
      ":white_check_mark: PagerDuty took the page for Primary on-call after 13 tries.",
      "⏫ T+0s: paged Primary on-call (PagerDuty, Slack: <@U_PRIMARY>)",
    ]);
    expect(texts(incident.id, "warning")).toEqual([
      "PagerDuty is failing for Primary on-call (http_503: Service Unavailable); still trying",
    ]);
    expect(texts(incident.id, "note")).toEqual([
      "PagerDuty took the page for Primary on-call after 13 tries",
    ]);
    expect(await runEscalationStep(t.deps, primary)).toMatchObject({ kind: "stale" });
  });

  it("a permanent failure ends the step as failed at once, with the warning, and a rerun does nothing", async () => {
    const { incident, cto } = await sev1Steps();
    t.pager.answer = { ok: false, permanent: true, code: "http_400", message: "Invalid routing key" };
    expect(await runEscalationStep(t.deps, cto)).toMatchObject({ kind: "failed" });
    expect(state(cto)).toBe("failed");
    expect(t.lines()).toEqual([
      ":warning: PagerDuty refused the page for CTO (http_400: Invalid routing key). Page CTO by hand.",
      ":warning: T+0s: could not page CTO: PagerDuty refused the page for CTO (http_400: Invalid routing key)",
    ]);
    expect(page(incident.id, "cto").pagerdutyGaveUpAt).not.toBeNull();
    expect(t.kinds(incident.id).filter((k) => k === "warning" || k === "page_failed")).toEqual([
      "warning",
      "page_failed",
    ]);
    expect(await runEscalationStep(t.deps, cto)).toMatchObject({ kind: "stale" });
    expect(t.triggers).toHaveLength(1);
  });

  it("resolved while the step waits for its retry: the tries stop, the timeline says why", async () => {
    const { incident, primary, cto } = await sev1Steps();
    t.pager.answer = unavailable;
    await expect(runEscalationStep(t.deps, primary)).rejects.toBeInstanceOf(RetryLater);
    await expect(runEscalationStep(t.deps, cto)).rejects.toBeInstanceOf(RetryLater);
    t.deps.incidents.update(incident.id, { status: "resolved", resolvedAt: new Date() }, null);
    t.pager.answer = { ok: true };
    expect(await runEscalationStep(t.deps, primary)).toMatchObject({
      kind: "paged",
      via: ["Slack: <@U_PRIMARY>"],
    });
    expect(await runEscalationStep(t.deps, cto)).toMatchObject({ kind: "failed" });
    expect(t.triggers).toHaveLength(2);
    expect(t.dms).toEqual(["U_PRIMARY"]);
    expect(texts(incident.id, "warning")).toContain(
      "Stopped trying to page CTO through PagerDuty after 1 tries: the incident is resolved",
    );
    expect(texts(incident.id, "warning")).toContain(
      "Stopped trying to page Primary on-call through PagerDuty after 1 tries: the incident is resolved",
    );
  });

  it("a page that went out as the incident was resolved is closed, its resolve retried like the trigger", async () => {
    const { incident, cto } = await sev1Steps();
    // The resolve lands while the trigger is in flight.
    t.deps.pager.trigger = async () => {
      t.deps.incidents.update(incident.id, { status: "resolved", resolvedAt: new Date() }, null);
      return { ok: true };
    };
    t.pager.resolveAnswer = unavailable;
    await expect(runEscalationStep(t.deps, cto)).rejects.toBeInstanceOf(RetryLater);
    expect(state(cto)).toBe("running");
    t.pager.resolveAnswer = { ok: true };
    expect(await runEscalationStep(t.deps, cto)).toMatchObject({ kind: "paged", via: ["PagerDuty"] });
    expect(t.resolves).toEqual([`imoc-inc-${incident.id}-cto`, `imoc-inc-${incident.id}-cto`]);
    expect(t.kinds(incident.id).filter((k) => k === "page_resolved")).toHaveLength(1);
    expect(t.kinds(incident.id)).not.toContain("warning");
  });
});

describe("resolving an incident's PagerDuty pages", () => {
  it("is a job: a transient failure is retried, pages closed meanwhile are skipped", async () => {
    const { incident, primary, cto } = await sev1Steps();
    await runEscalationStep(t.deps, primary);
    await runEscalationStep(t.deps, cto);
    const resolved = t.deps.incidents.update(
      incident.id,
      { status: "resolved", resolvedAt: new Date() },
      null,
    );
    await stopEscalation(t.deps, resolved);
    expect(t.resolveJobs).toEqual([incident.id]);

    t.pager.resolveAnswer = unavailable;
    await expect(resolveOpenPages(t.deps, incident.id)).rejects.toBeInstanceOf(RetryLater);
    expect(t.resolves).toHaveLength(2); // both pages tried, neither closed
    t.deps.escalations.stampPage(page(incident.id, "primary").id, { resolvedAt: new Date() });
    t.pager.resolveAnswer = { ok: true };
    await expect(resolveOpenPages(t.deps, incident.id)).resolves.toBe(1);
    expect(t.resolves).toHaveLength(3);
    expect(state(primary)).toBe("paged");
  });
});

describe("acknowledging an incident's PagerDuty pages", () => {
  it("an acknowledgement queues the job; each open page gets acknowledge once, retried", async () => {
    const { incident, primary, cto } = await sev1Steps();
    await runEscalationStep(t.deps, primary);
    await runEscalationStep(t.deps, cto);
    const acked = t.deps.incidents.update(
      incident.id,
      { status: "acknowledged", acknowledgedAt: new Date() },
      null,
    );
    await acknowledgePagesOnAck(t.deps, acked, "declared");
    expect(t.ackJobs).toEqual([incident.id]);
    t.pager.ackAnswer = unavailable;
    await expect(acknowledgeOpenPages(t.deps, incident.id)).rejects.toBeInstanceOf(RetryLater);
    t.pager.ackAnswer = { ok: true };
    await expect(acknowledgeOpenPages(t.deps, incident.id)).resolves.toBe(2);
    await expect(acknowledgeOpenPages(t.deps, incident.id)).resolves.toBe(0);
    const key = (target: string) => `imoc-inc-${incident.id}-${target}`;
    expect(t.acks).toEqual([key("primary"), key("cto"), key("primary"), key("cto")]);
    expect(page(incident.id, "cto").pagerdutyAckedAt).not.toBeNull();
    expect(texts(incident.id, "page_ack_sent")).toEqual([
      "Acknowledged the PagerDuty page of Primary on-call",
      "Acknowledged the PagerDuty page of CTO",
    ]);
  });

  it("an acknowledgement from PagerDuty is not sent back to that page", async () => {
    const { incident, primary, cto } = await sev1Steps();
    await runEscalationStep(t.deps, primary);
    await runEscalationStep(t.deps, cto);
    // The incident's own status change is not what this test is about: its reactions are no-ops.
    const statusChanged = () => ({ text: "" });
    const deps = {
      ...t.deps,
      events: { on() {}, emit: async () => {} },
      messages: { statusChanged } as never,
    };
    const result = await handlePagerDutyEvent(deps, {
      type: "incident.acknowledged",
      dedupKey: `imoc-inc-${incident.id}-primary`,
      agent: "Pat",
    });
    expect(result).toEqual({ kind: "handled", incidentId: incident.id });
    await acknowledgeOpenPages(t.deps, incident.id);
    // Primary was acknowledged in PagerDuty: only the CTO's page is acknowledged by imoc.
    expect(t.acks).toEqual([`imoc-inc-${incident.id}-cto`]);
    expect(texts(incident.id, "page_acknowledged")).toHaveLength(1);
  });

  it("a mitigation before any acknowledgement acknowledges too; resolving does not", async () => {
    const incident = t.declare("sev1");
    await acknowledgePagesOnAck(t.deps, { ...incident, status: "mitigated" }, "declared");
    await acknowledgePagesOnAck(t.deps, { ...incident, status: "mitigated" }, "acknowledged");
    await acknowledgePagesOnAck(t.deps, { ...incident, status: "resolved" }, "declared");
    expect(t.ackJobs).toEqual([incident.id]);
  });
});
