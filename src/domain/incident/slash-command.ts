import { DEFAULT_SECURITY_SEVERITY, parseSeverity, type Severity } from "./severity.js";
import { isTimeZone } from "../time/time-zone.js";
import { type FixValue, parseFixValue } from "../timeline/timeline-fix.js";

/**
 * `/incident <subcommand> ...` as a typed value. Parsing is pure so every wrong input gets a
 * message that says what to type instead; the Slack listener only renders it.
 */
export type IncidentCommand =
  | { name: "help" }
  | { name: "declare"; severity: Severity; security: boolean; title: string; drill?: true }
  | { name: "declare-modal" }
  | { name: "status" }
  | { name: "ack" }
  | { name: "sev"; severity: Severity }
  | { name: "note"; text: string }
  | { name: "mitigate" }
  | { name: "resolve"; summary: string | null }
  | { name: "playbook"; id: string | null }
  | { name: "role"; role: "commander" | "comms" | "scribe"; userId: string }
  | { name: "oncall"; target: string | null }
  | { name: "title"; title: string }
  | { name: "service"; service: string | null }
  | { name: "escalation" }
  | { name: "update"; text: string }
  | { name: "sla-breach" | "customer-report" | "compliance"; text: string | null }
  | { name: "timeline"; tz: string }
  | { name: "timeline-fix"; seq: number; value: FixValue }
  | { name: "timeline-detected"; value: FixValue };

export type ParseResult = { ok: true; command: IncidentCommand } | { ok: false; error: string };

interface Spec {
  usage: string;
  description: string;
  parse(args: string): ParseResult;
}

const ok = (command: IncidentCommand): ParseResult => ({ ok: true, command });
const fail = (error: string): ParseResult => ({ ok: false, error });
const noArgs =
  (command: IncidentCommand, usage: string) =>
  (args: string): ParseResult =>
    args ? fail(`\`${usage}\` takes no arguments (got "${args}").`) : ok(command);

const MAX_TITLE = 150;

/** Playbooks, roles, details and on-call (issue 5). */
const PLAYBOOK_SUBCOMMANDS = (): Record<string, Spec> => ({
  playbook: {
    usage: "/incident playbook [id]",
    description: "Post a playbook here and link it to the incident; without an id, list the candidates.",
    parse: (args) =>
      /^\S*$/.test(args)
        ? ok({ name: "playbook", id: args || null })
        : fail("Give one playbook id: `/incident playbook api-outage`."),
  },
  role: {
    usage: "/incident role <commander|comms|scribe> @person",
    description: "Give someone a role: invited, told what it means, recorded.",
    parse(args) {
      const m = /^(\S+)\s+<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>$/.exec(args);
      const role = m?.[1]?.toLowerCase().replace(/^(ic|incident-commander)$/, "commander");
      if (!m || !role || !["commander", "comms", "scribe"].includes(role)) {
        return fail(
          "Name a role and mention one person: `/incident role commander @dana` (roles: commander, comms, scribe).",
        );
      }
      return ok({ name: "role", role: role as "commander" | "comms" | "scribe", userId: m[2] as string });
    },
  },
  oncall: {
    usage: "/incident oncall [target]",
    description: "Who is on call now for a matrix target (from PagerDuty), and until when.",
    parse: (args) =>
      /^\S*$/.test(args)
        ? ok({ name: "oncall", target: args || null })
        : fail("Give one target: `/incident oncall primary`."),
  },
  title: {
    usage: "/incident title <new title>",
    description: "Rename the incident (topic updated, playbooks matched again).",
    parse(args) {
      if (!args) return fail("Write the new title: `/incident title Checkout API returns 500s in EU`.");
      if (args.length > MAX_TITLE)
        return fail(`The title is ${args.length} characters; keep it under ${MAX_TITLE}.`);
      return ok({ name: "title", title: args });
    },
  },
  service: {
    usage: "/incident service <name|none>",
    description: "Set the affected service; playbooks for it are linked.",
    parse(args) {
      if (!/^[A-Za-z0-9][\w.-]{0,79}$/.test(args))
        return fail("Name one service, e.g. `/incident service checkout-api` (or `none`).");
      return ok({ name: "service", service: args.toLowerCase() === "none" ? null : args.toLowerCase() });
    },
  },
});

/** Escalation, status updates and comms (issue 3). */
const ESCALATION_SUBCOMMANDS = (): Record<string, Spec> => ({
  escalation: {
    usage: "/incident escalation",
    description:
      "Show the escalation plan: who was paged, what is pending and when, what was skipped and why.",
    parse: noArgs({ name: "escalation" }, "/incident escalation"),
  },
  update: {
    usage: "/incident update <text>",
    description:
      "Post a status update (SEV-1: also to product, support, customer success; restarts the 15-minute clock).",
    parse: (args) =>
      args
        ? ok({ name: "update", text: args })
        : fail("Write the update after the command: `/incident update <text>`."),
  },
  "sla-breach": {
    usage: "/incident sla-breach [details]",
    description: "SEV-2: an SLA breach is projected; sends customer comms.",
    parse: (args) => ok({ name: "sla-breach", text: args || null }),
  },
  "customer-report": {
    usage: "/incident customer-report [details]",
    description: "SEV-3: count a customer report; product is told at the second one.",
    parse: (args) => ok({ name: "customer-report", text: args || null }),
  },
  compliance: {
    usage: "/incident compliance [details]",
    description: "The incident is compliance relevant; product is told at once.",
    parse: (args) => ok({ name: "compliance", text: args || null }),
  },
});

/** The IMOC log (issue 4): the review upload, corrections, the detection time. */
const TIMELINE_SUBCOMMANDS = (): Record<string, Spec> => ({
  timeline: {
    usage: "/incident timeline [time zone] | timeline fix <#> <time|text> | timeline detected <time>",
    description:
      "Upload the post-incident review (Markdown, UTC unless you name a zone such as Europe/Berlin); `fix` corrects entry # without losing the original; `detected` records when the problem was first noticed.",
    parse: parseTimeline,
  },
});

export const SUBCOMMANDS: Record<string, Spec> = {
  declare: {
    usage: "/incident declare [--drill] <sev1|sev2|sev3|security> <title>",
    description:
      "Declare an incident and open its channel (no arguments opens a form; --drill for a game day).",
    parse(args) {
      if (!args) return ok({ name: "declare-modal" });
      const drill = /^--drill(\s|$)/i.test(args);
      if (drill) args = args.slice("--drill".length).trim();
      if (drill && !args)
        return fail(
          "Give the drill a severity and a title, e.g. `/incident declare --drill sev2 Checkout API returns 500s`.",
        );
      const [first = "", ...rest] = args.split(/\s+/);
      const title = rest.join(" ").trim();
      const security = first.toLowerCase() === "security";
      const severity = security ? DEFAULT_SECURITY_SEVERITY : parseSeverity(first);
      if (!severity) {
        return fail(
          `"${first}" is not a severity. Start with sev1, sev2, sev3 or security, e.g. \`/incident declare sev1 Checkout API returns 500s\`.`,
        );
      }
      if (!title)
        return fail(
          `Give the incident a title, e.g. \`/incident declare ${first} Checkout API returns 500s\`.`,
        );
      if (title.length > MAX_TITLE)
        return fail(`The title is ${title.length} characters; keep it under ${MAX_TITLE}.`);
      return ok({ name: "declare", severity, security, title, ...(drill ? { drill: true as const } : {}) });
    },
  },
  status: {
    usage: "/incident status",
    description: "Show the incident's severity, status, commander and key times.",
    parse: noArgs({ name: "status" }, "/incident status"),
  },
  ack: {
    usage: "/incident ack",
    description: "Acknowledge the incident (stops escalation steps that wait for an acknowledgement).",
    parse: noArgs({ name: "ack" }, "/incident ack"),
  },
  sev: {
    usage: "/incident sev <1|2|3>",
    description: "Change the severity (re-plans the escalation).",
    parse(args) {
      const severity = parseSeverity(args);
      return severity
        ? ok({ name: "sev", severity })
        : fail(`"${args}" is not a severity. Use \`/incident sev 1\`, 2 or 3.`);
    },
  },
  note: {
    usage: "/incident note <text>",
    description: "Add a note to the incident timeline.",
    parse: (args) =>
      args
        ? ok({ name: "note", text: args })
        : fail("Write the note after the command: `/incident note <text>`."),
  },
  mitigate: {
    usage: "/incident mitigate",
    description: "Mark the impact as mitigated.",
    parse: noArgs({ name: "mitigate" }, "/incident mitigate"),
  },
  resolve: {
    usage: "/incident resolve [summary]",
    description: "Resolve the incident, optionally with a summary.",
    parse: (args) => ok({ name: "resolve", summary: args || null }),
  },
  ...PLAYBOOK_SUBCOMMANDS(),
  ...ESCALATION_SUBCOMMANDS(),
  ...TIMELINE_SUBCOMMANDS(),
  help: {
    usage: "/incident help",
    description: "List these commands.",
    parse: () => ok({ name: "help" }),
  },
};

function parseTimeline(args: string): ParseResult {
  const [first = "", second = "", ...rest] = args.split(/\s+/);
  if (first.toLowerCase() === "detected") {
    const value = parseFixValue(args.slice(first.length));
    return value.kind === "text"
      ? fail("Say when it was detected: `/incident timeline detected 20:58` (UTC) or `2026-11-25 20:58`.")
      : ok({ name: "timeline-detected", value });
  }
  if (first.toLowerCase() !== "fix") {
    if (args && !isTimeZone(args))
      return fail(
        `"${args}" is not a time zone. Use an IANA name such as \`Europe/Berlin\`, or nothing for UTC.`,
      );
    return ok({ name: "timeline", tz: args || "UTC" });
  }
  const seq = Number(second.replace(/^#/, ""));
  const value = rest.join(" ").trim();
  if (!Number.isInteger(seq) || seq < 1 || !value)
    return fail(
      "Say which entry and the right value: `/incident timeline fix 7 21:03` (time, UTC) or `/incident timeline fix 7 Rolled back 1.4.2`.",
    );
  return ok({ name: "timeline-fix", seq, value: parseFixValue(value) });
}

const ALIASES: Record<string, string> = {
  acknowledge: "ack",
  severity: "sev",
  mitigated: "mitigate",
  resolved: "resolve",
  close: "resolve",
  playbooks: "playbook",
  "on-call": "oncall",
};

export function parseIncidentCommand(text: string): ParseResult {
  const trimmed = text.trim();
  if (!trimmed) return ok({ name: "help" });
  const head = trimmed.split(/\s+/, 1)[0] ?? "";
  const name = head.toLowerCase();
  const spec = SUBCOMMANDS[ALIASES[name] ?? name];
  if (!spec) return fail(`\`${head}\` is not an /incident command.`);
  const args = trimmed.slice(head.length).trim();
  return spec.parse(args);
}

export function helpText(error?: string): string {
  const lines = Object.values(SUBCOMMANDS).map((s) => `• \`${s.usage}\` — ${s.description}`);
  const head = error ? `:warning: ${error}\n\n` : "";
  return `${head}*/incident commands*\n${lines.join("\n")}\nInside an incident channel the commands act on that incident.`;
}
