import { describe, expect, it } from "vitest";
import { weeklyReviewText } from "../../src/adapters/slack/blocks/weekly-review-message.js";
import { type AlertFeedback, actionability } from "../../src/domain/alerts/actionability.js";
import type { Incident } from "../../src/domain/incident/incident.js";
import { buildReport } from "../../src/domain/review/report.js";

const T0 = new Date("2026-11-23T09:00:00Z");
const min = 60_000;
const at = (m: number) => new Date(T0.getTime() + m * min);

function incident(
  id: number,
  severity: Incident["severity"],
  ackAfterMin: number | null,
  drill = false,
): Incident {
  return {
    id,
    title: `Incident ${id}`,
    description: null,
    severity,
    security: false,
    drill,
    service: null,
    status: ackAfterMin === null ? "declared" : "acknowledged",
    channelId: null,
    channelName: null,
    declaredBy: "U1",
    commander: null,
    declaredAt: T0,
    acknowledgedAt: ackAfterMin === null ? null : at(ackAfterMin),
    mitigatedAt: null,
    resolvedAt: null,
    resolutionSummary: null,
  };
}

// A fixed week: SEV-1s acknowledged after 1, 2, 3 and 14 minutes (mean 5m, median 2.5m); a SEV-2
// after 4 minutes; a drill (left out) after 60; a SEV-3 never acknowledged.
const INCIDENTS = [
  incident(1, "sev1", 1),
  incident(2, "sev1", 2),
  incident(3, "sev1", 3),
  incident(4, "sev1", 14),
  incident(5, "sev2", 4),
  incident(6, "sev1", 60, true),
  incident(7, "sev3", null),
];

const answer = (
  alertname: string | null,
  playbook: string | null,
  verdict: AlertFeedback["verdict"],
  n = 1,
) => Array.from({ length: n }, (): AlertFeedback => ({ alertname, playbook, verdict }));

// CheckoutDown: 9 of 10 actionable; DiskAlmostFull: 1 of 4; a page of a hand-declared incident: noise.
const FEEDBACK = [
  ...answer("CheckoutDown", "api-outage", "actionable", 9),
  ...answer("CheckoutDown", "api-outage", "noise"),
  ...answer("DiskAlmostFull", "database-degradation", "actionable"),
  ...answer("DiskAlmostFull", "database-degradation", "noise", 3),
  ...answer("CpuHigh", null, "noise", 2),
  ...answer(null, null, "noise"),
];

describe("actionability", () => {
  it("per alert name and per playbook, against 80%, the noisiest under target first", () => {
    const a = actionability(FEEDBACK);
    expect(a.answers).toBe(17);
    expect(a.overall).toMatchObject({ actionable: 10, noise: 7 });
    expect(a.overall?.rate).toBeCloseTo(10 / 17);
    expect(a.byAlert.map((r) => [r.key, r.actionable, r.noise, r.meetsTarget])).toEqual([
      ["CheckoutDown", 9, 1, true],
      ["DiskAlmostFull", 1, 3, false],
      ["CpuHigh", 0, 2, false],
      ["(declared by hand)", 0, 1, false],
    ]);
    expect(a.byPlaybook.map((r) => [r.key, r.rate])).toEqual([
      ["api-outage", 0.9],
      ["database-degradation", 0.25],
      ["(no playbook)", 0],
    ]);
    expect(a.needsTuning.map((r) => r.key)).toEqual(["DiskAlmostFull", "CpuHigh"]);
  });

  it("no answers: no rate rather than 0%", () => {
    expect(actionability([])).toMatchObject({ answers: 0, overall: null, byAlert: [], needsTuning: [] });
  });
});

describe("weekly review: mean time to acknowledge and actionability", () => {
  const report = buildReport({ from: at(-7 * 24 * 60), to: at(60) }, INCIDENTS, [], FEEDBACK);

  it("MTTA is the mean besides median and p90, judged against 5 minutes; drills left out", () => {
    const sev1 = report.bySeverity.find((r) => r.severity === "sev1")!;
    expect(sev1.mtta).toMatchObject({ n: 4, meanMs: 5 * min, medianMs: 2.5 * min, p90Ms: 14 * min });
    expect(sev1.mtta.meanMeetsTarget).toBe(true);
    const sev2 = report.bySeverity.find((r) => r.severity === "sev2")!;
    expect(sev2.mtta).toMatchObject({ n: 1, meanMs: 4 * min });
    expect(report.bySeverity.find((r) => r.severity === "sev3")!.mtta.meanMs).toBeNull();
  });

  it("the Monday message shows both", () => {
    const text = weeklyReviewText(report, INCIDENTS, "UTC");
    expect(text).toContain("*Time to acknowledge* (mean, the handbook's measure; target under 5 min)");
    expect(text).toContain("• SEV-1: mean 5m :white_check_mark: · median 2m 30s · p90 14m (4 acknowledged)");
    expect(text).toContain("*Actionability* 59% :warning: of 17 answer(s) (target above 80%)");
    expect(text).toContain("• alert CheckoutDown: 90% (9 actionable, 1 noise)");
    expect(text).toContain("• playbook database-degradation: 25% (1 actionable, 3 noise)");
    expect(text).toContain("Most in need of tuning: DiskAlmostFull (3 noise), CpuHigh (2 noise)");
  });
});
