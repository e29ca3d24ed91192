import { describe, expect, it } from "vitest";
import { helpText, parseIncidentCommand } from "../../src/domain/incident/slash-command.js";

describe("/incident escalation, update and comms commands", () => {
  it("parses each with its arguments", () => {
    expect(parseIncidentCommand("escalation")).toEqual({ ok: true, command: { name: "escalation" } });
    expect(parseIncidentCommand("update Rolled back; watching")).toEqual({
      ok: true,
      command: { name: "update", text: "Rolled back; watching" },
    });
    expect(parseIncidentCommand("sla-breach p95 over 4h")).toEqual({
      ok: true,
      command: { name: "sla-breach", text: "p95 over 4h" },
    });
    expect(parseIncidentCommand("customer-report")).toEqual({
      ok: true,
      command: { name: "customer-report", text: null },
    });
    expect(parseIncidentCommand("compliance GDPR")).toEqual({
      ok: true,
      command: { name: "compliance", text: "GDPR" },
    });
  });

  it("says what to type when update has no text or escalation has arguments", () => {
    expect(parseIncidentCommand("update")).toEqual({
      ok: false,
      error: "Write the update after the command: `/incident update <text>`.",
    });
    expect(parseIncidentCommand("escalation now")).toMatchObject({ ok: false });
  });

  it("lists them in /incident help", () => {
    const help = helpText();
    for (const usage of [
      "/incident escalation",
      "/incident update <text>",
      "/incident sla-breach",
      "/incident customer-report",
      "/incident compliance",
    ])
      expect(help).toContain(usage);
  });
});
