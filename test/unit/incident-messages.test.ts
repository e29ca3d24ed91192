import { describe, expect, it } from "vitest";
import {
  announcementMessage,
  introMessage,
  statusChangedMessage,
  statusSummaryMessage,
} from "../../src/adapters/slack/blocks/incident-messages.js";
import { declareModal } from "../../src/adapters/slack/blocks/declare-modal.js";
import type { Incident } from "../../src/domain/incident/incident.js";

const incident: Incident = {
  id: 42,
  title: "Checkout API returns 500s",
  description: "Error rate 38% on /checkout",
  severity: "sev1",
  security: false,
  drill: false,
  service: null,
  status: "declared",
  channelId: "C042",
  channelName: "inc-42-checkout-api-returns-500s",
  declaredBy: "U_DANA",
  commander: null,
  declaredAt: new Date("2026-11-25T03:02:00.000Z"),
  acknowledgedAt: null,
  mitigatedAt: null,
  resolvedAt: null,
  resolutionSummary: null,
};

describe("Block Kit messages", () => {
  it("intro message", () => {
    expect(introMessage(incident)).toMatchSnapshot();
  });

  it("announcement links the channel", () => {
    expect(announcementMessage(incident).text).toBe(
      ":rotating_light: INC-42 · SEV-1 · Checkout API returns 500s declared by <@U_DANA>. Join <#C042>.",
    );
  });

  it("resolution line quotes the summary", () => {
    const resolved = { ...incident, status: "resolved" as const, resolutionSummary: "Rolled back 1.4.2" };
    expect(statusChangedMessage(resolved, "U_PAT").text).toBe(
      ":white_check_mark: INC-42 resolved by <@U_PAT>.\n>Rolled back 1.4.2",
    );
  });

  it("status summary gives dates and durations since declaration", () => {
    const acked = {
      ...incident,
      status: "acknowledged" as const,
      acknowledgedAt: new Date("2026-11-25T03:05:30.000Z"),
    };
    const text = statusSummaryMessage(acked, new Date("2026-11-25T03:20:00.000Z")).text;
    expect(text).toContain("open for 18m");
    expect(text).toContain("Acknowledged: 2026-11-25T03:05:30.000Z (3m 30s after declaration)");
    expect(text).toContain("Resolved: —");
  });

  it("declare modal", () => {
    expect(declareModal("CGENERAL")).toMatchSnapshot();
  });
});
