import { createHmac } from "node:crypto";
import type { ActionsBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { verifyPagerDutySignature } from "../../src/adapters/pagerduty/webhook-signature.js";
import { escalationPlanText } from "../../src/adapters/slack/blocks/escalation-plan.js";
import { ACTIONS } from "../../src/adapters/slack/blocks/incident-messages.js";
import { pageMessage } from "../../src/adapters/slack/blocks/page-message.js";
import type { EscalationMatrix } from "../../src/domain/escalation/escalation-matrix.js";
import type { StepRecord } from "../../src/ports/escalation-store.js";
import { anIncident } from "./support/incident.js";

const t0 = new Date("2026-11-25T03:02:00.000Z");
const incident = anIncident({
  status: "acknowledged",
  declaredAt: t0,
  acknowledgedAt: new Date(t0.getTime() + 3 * 60_000),
});
const at = (min: number) => new Date(t0.getTime() + min * 60_000);
const step = (
  index: number,
  target: string,
  min: number,
  state: StepRecord["state"],
  extra: Partial<StepRecord> = {},
): StepRecord => ({
  jobId: `inc-42-g1-step-${index}`,
  incidentId: 42,
  generation: 1,
  index,
  target,
  until: "resolved",
  dueAt: at(min),
  state,
  reason: null,
  finishedAt: state === "pending" ? null : at(min),
  ...extra,
});
const names = {
  primary: "Primary on-call",
  secondary: "Secondary on-call",
  incident_commander: "Incident commander",
  cto: "CTO",
};
const matrix = {
  targets: Object.fromEntries(
    Object.entries(names).map(([id, name]) => [id, { id, name, slack: { users: [], usergroups: [] } }]),
  ),
} as unknown as EscalationMatrix;

describe("escalation messages", () => {
  it("the page DM carries the intro's Acknowledge button with the incident number, and Actionable / Noise", () => {
    const message = pageMessage(incident, "Secondary on-call", "5m");
    expect(message.text).toBe(
      ":rotating_light: You are paged as Secondary on-call for INC-42 (SEV-1, T+5m): Checkout API returns 500s. Join <#C042>.",
    );
    const actions = message.blocks?.find((b): b is ActionsBlock => b.type === "actions");
    expect(actions?.elements).toEqual([
      expect.objectContaining({ type: "button", action_id: ACTIONS.acknowledge, value: "42" }),
      expect.objectContaining({ type: "button", action_id: "alert_actionable", value: "incident-42" }),
      expect.objectContaining({ type: "button", action_id: "alert_noise", value: "incident-42" }),
    ]);
  });

  it("/incident escalation lists fired, skipped and pending steps with when and why", () => {
    const steps = [
      step(0, "primary", 0, "paged"),
      step(1, "secondary", 5, "skipped", {
        until: "acknowledged",
        reason: "incident acknowledged before the step was due (until acknowledged)",
      }),
      step(2, "incident_commander", 10, "paged"),
      step(3, "cto", 30, "pending"),
    ];
    expect(escalationPlanText(incident, steps, [], matrix, at(12))).toBe(
      [
        "*Escalation of INC-42* (plan 1) · acknowledged after 3m (target < 5m)",
        "⏫ T+0s paged Primary on-call",
        "⏭️ T+5m Secondary on-call: skipped (incident acknowledged before the step was due (until acknowledged))",
        "⏫ T+10m paged Incident commander",
        "⏳ T+30m CTO: pending, in 18m",
      ].join("\n"),
    );
  });
});

describe("PagerDuty webhook signatures", () => {
  const body = Buffer.from('{"event":{"event_type":"incident.acknowledged"}}');
  const sign = (secret: string) => `v1=${createHmac("sha256", secret).update(body).digest("hex")}`;

  it("accepts the right signature, also among several v1= entries (secret rotation)", () => {
    expect(verifyPagerDutySignature(body, sign("s3cret"), "s3cret")).toBe(true);
    expect(verifyPagerDutySignature(body, `${sign("old")},${sign("s3cret")}`, "s3cret")).toBe(true);
    expect(verifyPagerDutySignature(body, `${sign("s3cret")}, ${sign("old")}`, "s3cret")).toBe(true);
  });

  it("refuses a wrong, missing, truncated or differently versioned signature, and a changed body", () => {
    expect(verifyPagerDutySignature(body, sign("other"), "s3cret")).toBe(false);
    expect(verifyPagerDutySignature(body, undefined, "s3cret")).toBe(false);
    expect(verifyPagerDutySignature(body, sign("s3cret").slice(0, 20), "s3cret")).toBe(false);
    expect(verifyPagerDutySignature(body, sign("s3cret").replace("v1=", "v0="), "s3cret")).toBe(false);
    expect(verifyPagerDutySignature(Buffer.from(`${body} `), sign("s3cret"), "s3cret")).toBe(false);
    expect(verifyPagerDutySignature(body, sign(""), "")).toBe(false);
  });
});
