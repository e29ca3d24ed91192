import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { planIncidentEscalation } from "../../src/app/escalation/plan-escalation.js";
import { runEscalationStep } from "../../src/app/escalation/run-escalation-step.js";
import { RetryLater } from "../../src/app/escalation/step-attempt.js";
import { resolveOpenPages, stopEscalation } from "../../src/app/escalation/stop-escalation.js";
import { stepDeps } from "./support/step-deps.js";

/** A step's job runs up to 8 times; PagerDuty failures decide whether it runs again. */
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
const attempt = (n: number) => ({ attempt: n, finalAttempt: n >= 8 });

async function sev1Steps() {
  const incident = t.declare("sev1");
  const { steps } = await planIncidentEscalation(t.deps, incident, incident.declaredAt);
  const jobId = (target: string) => steps.find((s) => s.target === target)!.jobId;
  return { incident, primary: jobId("primary"), cto: jobId("cto") };
}
const state = (jobId: string) => t.deps.escalations.step(jobId)?.state;

describe("PagerDuty failures in an escalation step", () => {
  it("a transient failure throws for a retry after paging Slack; the retry pages PagerDuty only", async () => {
    const { incident, primary } = await sev1Steps();
    t.pager.answer = unavailable;
    await expect(runEscalationStep(t.deps, primary, attempt(1))).rejects.toBeInstanceOf(RetryLater);
    expect(state(primary)).toBe("running");
    expect(t.dms).toEqual(["U_PRIMARY"]);
    // Nothing said yet: the retry may still deliver.
    expect(t.lines()).toEqual([]);
    expect(t.kinds(incident.id)).not.toContain("warning");

    t.pager.answer = { ok: true };
    expect(await runEscalationStep(t.deps, primary, attempt(2))).toEqual({
      kind: "paged",
      target: "primary",
      via: ["PagerDuty", "Slack"],
    });
    expect(t.dms).toEqual(["U_PRIMARY"]);
    expect(t.triggers.map((r) => r.dedupKey)).toEqual([
      `imoc-inc-${incident.id}-primary`,
      `imoc-inc-${incident.id}-primary`,
    ]);
    expect(t.lines()).toEqual(["⏫ T+0s: paged Primary on-call (PagerDuty, Slack)"]);
  });

  it("a permanent failure ends the step as failed at once, with the warning, and a rerun does nothing", async () => {
    const { incident, cto } = await sev1Steps();
    t.pager.answer = { ok: false, permanent: true, code: "http_400", message: "Invalid routing key" };
    expect(await runEscalationStep(t.deps, cto, attempt(1))).toMatchObject({ kind: "failed" });
    expect(state(cto)).toBe("failed");
    expect(t.lines()).toEqual([
      ":warning: PagerDuty refused the page for CTO (http_400: Invalid routing key) after 1 attempt(s). Page CTO by hand.",
      ":warning: T+0s: could not page CTO: PagerDuty refused the page for CTO (http_400: Invalid routing key) after 1 attempt(s)",
    ]);
    expect(t.kinds(incident.id).filter((k) => k === "warning" || k === "page_failed")).toEqual([
      "warning",
      "page_failed",
    ]);
    expect(await runEscalationStep(t.deps, cto, attempt(2))).toMatchObject({ kind: "stale" });
    expect(t.triggers).toHaveLength(1);
  });

  it("on the final attempt a transient failure ends the step: page by hand, never left running", async () => {
    const { incident, primary, cto } = await sev1Steps();
    t.pager.answer = unavailable;
    expect(await runEscalationStep(t.deps, cto, attempt(8))).toMatchObject({ kind: "failed" });
    expect(await runEscalationStep(t.deps, primary, attempt(8))).toMatchObject({
      kind: "paged",
      via: ["Slack: <@U_PRIMARY>"],
    });
    expect([state(cto), state(primary)]).toEqual(["failed", "paged"]);
    expect(t.lines()).toContain(
      ":warning: PagerDuty did not take the page for CTO (http_503: Service Unavailable) after 8 attempt(s). Page CTO by hand.",
    );
    expect(t.lines()).toContain(
      ":warning: PagerDuty did not take the page for Primary on-call (http_503: Service Unavailable) after 8 attempt(s). Page Primary on-call by hand.",
    );
    expect(t.kinds(incident.id).filter((k) => k === "warning")).toHaveLength(2);
  });

  it("resolved while the step waits for its retry: it records what went out and pages nothing new", async () => {
    const { incident, primary } = await sev1Steps();
    t.pager.answer = unavailable;
    await expect(runEscalationStep(t.deps, primary, attempt(1))).rejects.toBeInstanceOf(RetryLater);
    t.deps.incidents.update(incident.id, { status: "resolved", resolvedAt: new Date() }, null);
    t.pager.answer = { ok: true };
    expect(await runEscalationStep(t.deps, primary, attempt(2))).toMatchObject({
      kind: "paged",
      via: ["Slack"],
    });
    expect(t.triggers).toHaveLength(1);
    expect(t.dms).toEqual(["U_PRIMARY"]);
  });

  it("a page that went out as the incident was resolved is closed, its resolve retried like the trigger", async () => {
    const { incident, cto } = await sev1Steps();
    // The resolve lands while the trigger is in flight.
    t.deps.pager.trigger = async () => {
      t.deps.incidents.update(incident.id, { status: "resolved", resolvedAt: new Date() }, null);
      return { ok: true };
    };
    t.pager.resolveAnswer = unavailable;
    await expect(runEscalationStep(t.deps, cto, attempt(1))).rejects.toBeInstanceOf(RetryLater);
    expect(state(cto)).toBe("running");
    t.pager.resolveAnswer = { ok: true };
    expect(await runEscalationStep(t.deps, cto, attempt(2))).toMatchObject({
      kind: "paged",
      via: ["PagerDuty"],
    });
    expect(t.resolves).toEqual([`imoc-inc-${incident.id}-cto`, `imoc-inc-${incident.id}-cto`]);
    expect(t.kinds(incident.id).filter((k) => k === "page_resolved")).toHaveLength(1);
    expect(t.kinds(incident.id)).not.toContain("warning");
  });
});

describe("resolving an incident's PagerDuty pages", () => {
  it("is a job: a transient failure is retried, the final attempt says resolve it by hand", async () => {
    const { incident, primary, cto } = await sev1Steps();
    await runEscalationStep(t.deps, primary, attempt(1));
    await runEscalationStep(t.deps, cto, attempt(1));
    const resolved = t.deps.incidents.update(
      incident.id,
      { status: "resolved", resolvedAt: new Date() },
      null,
    );
    await stopEscalation(t.deps, resolved);
    expect(t.resolveJobs).toEqual([incident.id]);

    t.pager.resolveAnswer = unavailable;
    await expect(resolveOpenPages(t.deps, incident.id, attempt(1))).rejects.toBeInstanceOf(RetryLater);
    expect(t.resolves).toHaveLength(2); // both pages tried, neither closed
    const primaryPage = t.deps.escalations.pages(incident.id).find((p) => p.target === "primary")!;
    t.deps.escalations.stampPage(primaryPage.id, { resolvedAt: new Date() }); // closed in PagerDuty meanwhile
    t.pager.resolveAnswer = unavailable;
    await expect(resolveOpenPages(t.deps, incident.id, attempt(8))).resolves.toBe(0);
    expect(t.resolves).toHaveLength(3);
    expect(t.lines()).toContain(
      ":warning: Could not resolve the PagerDuty page of CTO (http_503); resolve it in PagerDuty.",
    );
    expect(state(primary)).toBe("paged");
  });
});
