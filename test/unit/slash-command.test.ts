import { describe, expect, it } from "vitest";
import { helpText } from "../../src/adapters/slack/blocks/command-help.js";
import {
  findSubcommand,
  routeIncidentCommand,
  SUBCOMMANDS,
} from "../../src/adapters/slack/listeners/commands/subcommands/index.js";

/** The subcommand's name and parsed arguments; fails the test with the reply when it did not parse. */
function parse(text: string): Record<string, unknown> {
  const routed = routeIncidentCommand(text);
  if (!routed.ok) throw new Error(`"${text}" did not parse: ${routed.reply}`);
  return { name: routed.subcommand.name, ...(routed.args as object) };
}

/** The answer to a command that does not parse. */
function refusal(text: string): string {
  const routed = routeIncidentCommand(text);
  if (routed.ok) throw new Error(`"${text}" parsed as ${routed.subcommand.name}`);
  return routed.reply;
}

/** Per subcommand: a good form and what it parses to, and a bad form (null: any text is fine). */
const EXAMPLES: Record<string, { good: [string, Record<string, unknown>]; bad: string | null }> = {
  declare: {
    good: [
      "declare sev1 Checkout API returns 500s",
      { form: false, severity: "sev1", security: false, title: "Checkout API returns 500s", drill: false },
    ],
    bad: "declare sev9 Broken",
  },
  status: { good: ["status", {}], bad: "status please" },
  ack: { good: ["ack", {}], bad: "ack now please" },
  sev: { good: ["sev 1", { severity: "sev1" }], bad: "sev 5" },
  note: { good: ["note   DB failover started", { text: "DB failover started" }], bad: "note" },
  followup: {
    good: [
      "followup Add a retry budget <@U123ABC|dana> due 2026-12-04",
      { text: "Add a retry budget", owner: "U123ABC", due: { kind: "date", day: "2026-12-04" } },
    ],
    bad: "followup Add a retry budget due someday",
  },
  followups: { good: ["followups all", { which: "all" }], bad: "followups mine please" },
  mitigate: { good: ["mitigate", {}], bad: "mitigate now" },
  resolve: { good: ["resolve rolled back 1.4.2", { summary: "rolled back 1.4.2" }], bad: null },
  playbook: { good: ["playbook api-outage", { id: "api-outage" }], bad: "playbook api outage" },
  role: {
    good: ["role commander <@U123ABC|dana>", { role: "commander", userId: "U123ABC" }],
    bad: "role boss <@U1AB>",
  },
  oncall: { good: ["oncall primary", { target: "primary" }], bad: "oncall primary secondary" },
  title: { good: ["title Checkout down in EU", { title: "Checkout down in EU" }], bad: "title" },
  service: { good: ["service Checkout-API", { service: "checkout-api" }], bad: "service two words" },
  escalation: { good: ["escalation", {}], bad: "escalation now" },
  update: { good: ["update Rolled back; watching", { text: "Rolled back; watching" }], bad: "update" },
  "sla-breach": { good: ["sla-breach p95 over 4h", { text: "p95 over 4h" }], bad: null },
  "customer-report": { good: ["customer-report", { text: null }], bad: null },
  compliance: { good: ["compliance GDPR", { text: "GDPR" }], bad: null },
  statuspage: {
    good: [
      "statuspage We are investigating failed payments.",
      { text: "We are investigating failed payments." },
    ],
    bad: null,
  },
  timeline: {
    good: ["timeline Europe/Paris", { kind: "review", tz: "Europe/Paris" }],
    bad: "timeline Mars/Base",
  },
  console: { good: ["console", {}], bad: "console please" },
  help: { good: ["help", {}], bad: null },
};

describe("the /incident subcommand table", () => {
  it("has an example for every subcommand", () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(SUBCOMMANDS.map((s) => s.name).sort());
  });

  for (const subcommand of SUBCOMMANDS) {
    const example = EXAMPLES[subcommand.name];
    if (!example) continue;
    const [text, args] = example.good;
    it(`${subcommand.name}: parses "${text}"`, () => {
      expect(parse(text)).toEqual({ name: subcommand.name, ...args });
    });
    const bad = example.bad;
    if (bad) {
      it(`${subcommand.name}: refuses "${bad}" and shows its usage`, () => {
        const reply = refusal(bad);
        expect(reply).toMatch(/^:warning: \S/);
        expect(reply).toContain(`Usage: \`${subcommand.usage}\``);
      });
    } else {
      it(`${subcommand.name}: takes any text after its name`, () => {
        expect(parse(`${subcommand.name} anything at all`).name).toBe(subcommand.name);
      });
    }
  }

  it("names an unknown subcommand and lists them all", () => {
    const reply = refusal("explode now");
    expect(reply).toContain("`explode` is not an /incident command");
    for (const s of SUBCOMMANDS) expect(reply).toContain(s.usage);
  });

  it("answers an empty command with help", () => {
    expect(parse("   ")).toEqual({ name: "help" });
  });

  it("/incident help lists every usage line with its summary", () => {
    const text = helpText(SUBCOMMANDS);
    for (const s of SUBCOMMANDS) expect(text).toContain(`• \`${s.usage}\` — ${s.summary}`);
  });

  it("knows the words people type instead, in any case", () => {
    const aliases: Record<string, string> = {
      ACK: "ack",
      acknowledge: "ack",
      severity: "sev",
      mitigated: "mitigate",
      resolved: "resolve",
      close: "resolve",
      playbooks: "playbook",
      "on-call": "oncall",
    };
    for (const [word, name] of Object.entries(aliases)) expect(findSubcommand(word)?.name).toBe(name);
  });
});

describe("/incident declare", () => {
  it("accepts SEV-2 spelled the way people type it, and security events", () => {
    expect(parse("declare SEV-2 Slow search")).toMatchObject({ severity: "sev2" });
    expect(parse("declare security Leaked API key")).toMatchObject({
      security: true,
      title: "Leaked API key",
    });
  });

  it("opens the form without arguments", () => {
    expect(parse("declare")).toEqual({ name: "declare", form: true });
  });

  it("declares a drill with --drill before the severity", () => {
    expect(parse("declare --drill sev2 Checkout API returns 500s")).toMatchObject({
      severity: "sev2",
      drill: true,
    });
    expect(refusal("declare --drill")).toContain("Give the drill a severity and a title");
  });

  it("explains a wrong severity, a missing title and a long one", () => {
    expect(refusal("declare sev9 Broken")).toMatch(/"sev9" is not a severity.*\/incident declare sev1/);
    expect(refusal("declare sev2")).toContain("Give the incident a title");
    expect(refusal(`declare sev2 ${"x".repeat(151)}`)).toContain("keep it under 150");
  });
});

describe("/incident in an incident channel", () => {
  it("resolves with or without a summary", () => {
    expect(parse("resolve")).toEqual({ name: "resolve", summary: null });
  });

  it("explains a wrong role or a missing mention", () => {
    expect(parse("role scribe <@U999>")).toMatchObject({ role: "scribe", userId: "U999" });
    expect(parse("role IC <@U999>")).toMatchObject({ role: "commander" });
    for (const text of ["role boss <@U1AB>", "role comms dana", "role"])
      expect(refusal(text)).toContain("/incident role commander @dana");
  });

  it("takes an optional playbook id and on-call target", () => {
    expect(parse("playbook")).toEqual({ name: "playbook", id: null });
    expect(parse("oncall")).toEqual({ name: "oncall", target: null });
  });

  it("sets no service with `none`", () => {
    expect(parse("service none")).toEqual({ name: "service", service: null });
  });

  it("reads timeline fixes and the detection time", () => {
    expect(parse("timeline fix #7 20:58")).toMatchObject({ kind: "fix", seq: 7 });
    expect(refusal("timeline fix seven 20:58")).toContain("/incident timeline fix 7 21:03");
    expect(parse("timeline")).toEqual({ name: "timeline", kind: "review", tz: "UTC" });
    expect(parse("timeline detected 20:58")).toMatchObject({
      kind: "detected",
      value: { kind: "time-of-day", hours: 20, minutes: 58 },
    });
    expect(refusal("timeline detected soon")).toContain("Say when it was detected");
    expect(refusal("timeline Mars/Base")).toContain("is not a time zone");
  });
});
