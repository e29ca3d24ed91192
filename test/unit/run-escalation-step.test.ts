import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { planIncidentEscalation } from "../../src/app/escalation/plan-escalation.js";
import { runEscalationStep } from "../../src/app/escalation/run-escalation-step.js";
import { stepDeps } from "./support/step-deps.js";

/** The use case with the real SQLite stores and in-memory fakes of Slack, PagerDuty and timers. */
let t: ReturnType<typeof stepDeps>;
beforeEach(() => {
  t = stepDeps();
});
afterEach(() => t.close());

describe("running an escalation step", () => {
  it("reruns after a crash right after PagerDuty took the page: PagerDuty is not paged again, Slack is", async () => {
    const incident = t.declare("sev2");
    const { steps } = await planIncidentEscalation(t.deps, incident, incident.declaredAt);
    const step = steps[0]!;
    // What a crash between PagerDuty's 202 (stamped) and the Slack DMs leaves in the database.
    const page = t.deps.escalations.claimPage({
      incidentId: incident.id,
      target: "primary",
      stepJobId: step.jobId,
      dedupKey: `imoc-inc-${incident.id}-primary`,
      at: new Date(),
    });
    t.deps.escalations.stampPage(page.id, { pagerdutySentAt: new Date() });

    expect(await runEscalationStep(t.deps, step.jobId)).toMatchObject({ kind: "paged" });
    expect(t.triggers).toHaveLength(0);
    expect(t.dms).toEqual(["U_PRIMARY"]);
    expect(await runEscalationStep(t.deps, step.jobId)).toMatchObject({ kind: "stale" });
    expect(t.triggers).toHaveLength(0);
    expect(t.dms).toEqual(["U_PRIMARY"]);
    expect(t.kinds(incident.id).filter((k) => k === "page_sent")).toHaveLength(1);
  });

  it("does nothing for a step of a replaced plan", async () => {
    const incident = t.declare("sev2");
    const first = await planIncidentEscalation(t.deps, incident, incident.declaredAt);
    await planIncidentEscalation(t.deps, { ...incident, severity: "sev1" });
    expect(await runEscalationStep(t.deps, first.steps[0]!.jobId)).toMatchObject({ kind: "stale" });
    expect(t.triggers).toHaveLength(0);
  });

  it("never pages PagerDuty for a game-day drill: Slack only", async () => {
    const incident = t.declare("sev2", true);
    const { steps } = await planIncidentEscalation(t.deps, incident, incident.declaredAt);
    const outcome = await runEscalationStep(t.deps, steps[0]!.jobId);
    expect(outcome).toMatchObject({
      kind: "paged",
      via: ["drill: PagerDuty not paged", "Slack: <@U_PRIMARY>"],
    });
    expect(t.triggers).toHaveLength(0);
    expect(t.dms).toEqual(["U_PRIMARY"]);
  });

  it("a PagerDuty refusal is a visible warning; a target with no other way is recorded as failed", async () => {
    t.pager.answer = { ok: false, permanent: true, code: "http_400", message: "Event object is invalid" };
    const incident = t.declare("sev1");
    const { steps } = await planIncidentEscalation(t.deps, incident, incident.declaredAt);
    const [primary, cto] = [
      steps.find((s) => s.target === "primary")!,
      steps.find((s) => s.target === "cto")!,
    ];
    expect(await runEscalationStep(t.deps, primary.jobId)).toMatchObject({
      kind: "paged",
      via: ["Slack: <@U_PRIMARY>"],
    });
    expect(await runEscalationStep(t.deps, cto.jobId)).toMatchObject({ kind: "failed" });
    const lines = t.lines();
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^:warning: PagerDuty refused the page for CTO \(http_400: Event object is invalid\)/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^:warning: T\+0s: could not page CTO/));
    expect(t.kinds(incident.id).filter((k) => k === "warning")).toHaveLength(2);
    expect(t.kinds(incident.id)).toContain("page_failed");
  });
});
