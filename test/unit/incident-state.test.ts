import { describe, expect, it } from "vitest";
import { transition } from "../../src/domain/incident/incident-state.js";
import type { IncidentStatus } from "../../src/domain/incident/incident.js";

const at = new Date("2026-11-25T03:00:00.000Z");
const incident = (status: IncidentStatus, mitigatedAt: Date | null = null) => ({
  status,
  acknowledgedAt: null,
  mitigatedAt,
});

describe("incident state machine", () => {
  it.each([
    ["declared", "acknowledged"],
    ["declared", "mitigated"],
    ["declared", "resolved"],
    ["acknowledged", "mitigated"],
    ["acknowledged", "resolved"],
    ["mitigated", "resolved"],
  ] as const)("allows %s → %s", (from, to) => {
    const outcome = transition(incident(from), to, at);
    expect(outcome).toMatchObject({ kind: "changed", from, to, patch: { status: to } });
  });

  it.each([
    ["acknowledged", "acknowledged"],
    ["mitigated", "mitigated"],
    ["resolved", "resolved"],
  ] as const)("answers 'already' when %s is asked for %s again", (from, to) => {
    expect(transition(incident(from), to, at)).toEqual({ kind: "already", status: from });
  });

  it.each([
    ["mitigated", "acknowledged"],
    ["resolved", "acknowledged"],
    ["resolved", "mitigated"],
  ] as const)("refuses to go back from %s to %s and says why", (from, to) => {
    const outcome = transition(incident(from), to, at);
    expect(outcome.kind).toBe("not-allowed");
    expect(outcome.kind === "not-allowed" && outcome.reason).toContain(`already ${from}`);
  });

  it("stamps the time of the step it moves to", () => {
    expect(transition(incident("declared"), "acknowledged", at)).toMatchObject({
      patch: { acknowledgedAt: at },
    });
    expect(transition(incident("acknowledged"), "mitigated", at)).toMatchObject({
      patch: { mitigatedAt: at },
    });
  });

  it("resolving an unmitigated incident also marks it mitigated at that moment", () => {
    const outcome = transition(incident("acknowledged"), "resolved", at);
    expect(outcome).toMatchObject({ patch: { resolvedAt: at, mitigatedAt: at } });
  });

  it("resolving keeps an earlier mitigation time", () => {
    const earlier = new Date("2026-11-25T02:30:00.000Z");
    const outcome = transition(incident("mitigated", earlier), "resolved", at);
    expect(outcome.kind === "changed" && outcome.patch.mitigatedAt).toBeUndefined();
  });
});
