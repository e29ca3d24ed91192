import { describe, expect, it } from "vitest";
import { helpText, parseIncidentCommand } from "../../src/domain/incident/slash-command.js";

describe("/incident parsing", () => {
  it("parses declare with a severity and a title", () => {
    expect(parseIncidentCommand("declare sev1 Checkout API returns 500s")).toEqual({
      ok: true,
      command: { name: "declare", severity: "sev1", security: false, title: "Checkout API returns 500s" },
    });
  });

  it("accepts SEV-2 spelled the way people type it", () => {
    expect(parseIncidentCommand("declare SEV-2 Slow search")).toMatchObject({
      ok: true,
      command: { severity: "sev2" },
    });
  });

  it("declares security events with the security flag", () => {
    expect(parseIncidentCommand("declare security Leaked API key")).toMatchObject({
      ok: true,
      command: { name: "declare", security: true, title: "Leaked API key" },
    });
  });

  it("opens the modal when declare has no arguments", () => {
    expect(parseIncidentCommand("declare")).toEqual({ ok: true, command: { name: "declare-modal" } });
  });

  it("explains a wrong severity and shows the right form", () => {
    const result = parseIncidentCommand("declare sev9 Broken");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/"sev9" is not a severity.*\/incident declare sev1/);
  });

  it("asks for a title when there is none", () => {
    const result = parseIncidentCommand("declare sev2");
    expect(!result.ok && result.error).toContain("title");
  });

  it("names an unknown subcommand", () => {
    const result = parseIncidentCommand("explode now");
    expect(!result.ok && result.error).toContain("`explode` is not an /incident command");
  });

  it("parses the in-channel commands", () => {
    expect(parseIncidentCommand("sev 1")).toEqual({ ok: true, command: { name: "sev", severity: "sev1" } });
    expect(parseIncidentCommand("note   DB failover started")).toEqual({
      ok: true,
      command: { name: "note", text: "DB failover started" },
    });
    expect(parseIncidentCommand("resolve")).toEqual({
      ok: true,
      command: { name: "resolve", summary: null },
    });
    expect(parseIncidentCommand("resolve rolled back 1.4.2")).toEqual({
      ok: true,
      command: { name: "resolve", summary: "rolled back 1.4.2" },
    });
    expect(parseIncidentCommand("ACK")).toEqual({ ok: true, command: { name: "ack" } });
  });

  it("refuses arguments where none are taken, and an empty note", () => {
    expect(parseIncidentCommand("ack now please").ok).toBe(false);
    expect(parseIncidentCommand("note").ok).toBe(false);
    expect(parseIncidentCommand("sev 5").ok).toBe(false);
  });

  it("help lists every subcommand", () => {
    const text = helpText();
    for (const sub of ["declare", "status", "ack", "sev", "note", "mitigate", "resolve", "help"]) {
      expect(text).toContain(`/incident ${sub}`);
    }
  });
});

describe("/incident playbook, role, oncall and drills", () => {
  it("declares a drill with --drill before the severity", () => {
    expect(parseIncidentCommand("declare --drill sev2 Checkout API returns 500s")).toEqual({
      ok: true,
      command: {
        name: "declare",
        severity: "sev2",
        security: false,
        title: "Checkout API returns 500s",
        drill: true,
      },
    });
    expect(parseIncidentCommand("declare --drill")).toMatchObject({ ok: false });
  });

  it("reads the role and the user id from Slack's escaped mention", () => {
    expect(parseIncidentCommand("role commander <@U123ABC|dana>")).toEqual({
      ok: true,
      command: { name: "role", role: "commander", userId: "U123ABC" },
    });
    expect(parseIncidentCommand("role scribe <@U999>")).toMatchObject({
      ok: true,
      command: { role: "scribe" },
    });
  });

  it("explains a wrong role or a missing mention", () => {
    for (const text of ["role boss <@U1AB>", "role comms dana", "role"]) {
      const result = parseIncidentCommand(text);
      expect(!result.ok && result.error).toContain("/incident role commander @dana");
    }
  });

  it("takes an optional playbook id and on-call target", () => {
    expect(parseIncidentCommand("playbook")).toEqual({ ok: true, command: { name: "playbook", id: null } });
    expect(parseIncidentCommand("playbook api-outage")).toEqual({
      ok: true,
      command: { name: "playbook", id: "api-outage" },
    });
    expect(parseIncidentCommand("oncall primary")).toEqual({
      ok: true,
      command: { name: "oncall", target: "primary" },
    });
    expect(parseIncidentCommand("oncall")).toEqual({ ok: true, command: { name: "oncall", target: null } });
  });
});
