import { describe, expect, it } from "vitest";
import { nextBusinessTime } from "../../src/domain/escalation/business-hours.js";
import type { EscalationMatrix, Policy } from "../../src/domain/escalation/escalation-matrix.js";
import { planEscalation, stepJobId, untilReached } from "../../src/domain/escalation/escalation-plan.js";

const MIN = 60_000;
const policy = (
  steps: Array<[string, number, Policy["steps"][number]["until"]?]>,
  extra: Partial<Policy> = {},
): Policy => ({
  steps: steps.map(([target, after, until = "resolved"]) => ({ target, afterMs: after * MIN, until })),
  businessHoursOnly: false,
  ...extra,
});
const hours = {
  days: ["mon", "tue", "wed", "thu", "fri"] as const,
  startMinute: 9 * 60,
  endMinute: 17 * 60,
  timeZone: "Europe/London",
};
const matrix: EscalationMatrix = {
  source: "test",
  targets: {},
  comms: {},
  services: [],
  businessHours: { ...hours, days: [...hours.days] },
  policies: {
    sev1: policy([
      ["primary", 0],
      ["secondary", 5, "acknowledged"],
      ["incident_commander", 10],
      ["engineering_director", 15],
      ["cto", 30],
    ]),
    sev2: policy([
      ["primary", 0],
      ["secondary", 15, "acknowledged"],
      ["product_lead", 30],
      ["engineering_director", 45],
    ]),
    sev3: policy([["primary", 0]], { businessHoursOnly: true }),
    security: policy([
      ["security_officer", 0],
      ["legal", 0],
    ]),
  },
};
const t0 = new Date("2026-11-25T10:00:00Z"); // a Wednesday
const offsets = (steps: ReturnType<typeof planEscalation>) =>
  steps.map((s) => [s.target, (s.dueAt.getTime() - t0.getTime()) / MIN, s.skipReason]);

describe("escalation planning", () => {
  it("plans SEV-1 from T0 as the handbook says", () => {
    expect(offsets(planEscalation({ severity: "sev1", security: false }, matrix, t0))).toEqual([
      ["primary", 0, null],
      ["secondary", 5, null],
      ["incident_commander", 10, null],
      ["engineering_director", 15, null],
      ["cto", 30, null],
    ]);
  });

  it("adds security's steps to the severity's plan, in due order", () => {
    const plan = planEscalation({ severity: "sev2", security: true }, matrix, t0);
    expect(plan.map((s) => s.target)).toEqual([
      "primary",
      "security_officer",
      "legal",
      "secondary",
      "product_lead",
      "engineering_director",
    ]);
    expect(plan.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("re-planning never pages a target twice: already-paged targets are planned as skipped", () => {
    const plan = planEscalation(
      { severity: "sev1", security: false },
      matrix,
      t0,
      new Set(["primary", "secondary"]),
    );
    expect(offsets(plan).slice(0, 3)).toEqual([
      ["primary", 0, "already paged for this incident"],
      ["secondary", 5, "already paged for this incident"],
      ["incident_commander", 10, null],
    ]);
  });

  it("a step stops mattering once its until state (or a later one) is reached", () => {
    expect(untilReached("declared", "acknowledged")).toBe(false);
    expect(untilReached("acknowledged", "acknowledged")).toBe(true);
    expect(untilReached("mitigated", "acknowledged")).toBe(true);
    expect(untilReached("acknowledged", "resolved")).toBe(false);
  });

  it("job ids are deterministic, carry the generation, have no colon and are not all digits", () => {
    const id = stepJobId(42, 1, 2);
    expect(id).toBe("inc-42-g1-step-2");
    expect(id).not.toMatch(/:|^\d+$/);
  });
});

describe("SEV-3 business hours (Europe/London, Mon-Fri 09:00-17:00)", () => {
  const bh = matrix.businessHours;
  it("keeps a time within business hours", () => {
    expect(nextBusinessTime(new Date("2026-11-25T10:00:00Z"), bh).toISOString()).toBe(
      "2026-11-25T10:00:00.000Z",
    );
  });
  it("moves a Friday evening page to Monday 09:00 local time", () => {
    expect(nextBusinessTime(new Date("2026-11-27T18:30:00Z"), bh).toISOString()).toBe(
      "2026-11-30T09:00:00.000Z",
    );
  });
  it("moves an early-morning page to 09:00 the same day, in summer time too (09:00 BST = 08:00 UTC)", () => {
    expect(nextBusinessTime(new Date("2026-07-08T05:00:00Z"), bh).toISOString()).toBe(
      "2026-07-08T08:00:00.000Z",
    );
  });
  it("plans a SEV-3 declared on Saturday for Monday morning", () => {
    const saturday = new Date("2026-11-28T12:00:00Z");
    const [step] = planEscalation({ severity: "sev3", security: false }, matrix, saturday);
    expect(step?.dueAt.toISOString()).toBe("2026-11-30T09:00:00.000Z");
  });

  it("never delays the security steps: a security SEV-3 on Saturday pages the security officer and legal at once", () => {
    const saturday = new Date("2026-11-28T12:00:00Z");
    const plan = planEscalation({ severity: "sev3", security: true }, matrix, saturday);
    expect(plan.map((s) => [s.target, s.dueAt.toISOString()])).toEqual([
      ["security_officer", "2026-11-28T12:00:00.000Z"],
      ["legal", "2026-11-28T12:00:00.000Z"],
      ["primary", "2026-11-30T09:00:00.000Z"],
    ]);
  });
});
