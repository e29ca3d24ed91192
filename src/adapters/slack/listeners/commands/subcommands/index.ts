import { parseErrorReply, unknownSubcommandReply } from "../../../blocks/command-help.js";
import { ack } from "./ack.js";
import { compliance } from "./compliance.js";
import { consoleLink } from "./console.js";
import { customerReport } from "./customer-report.js";
import { declare } from "./declare.js";
import { escalation } from "./escalation.js";
import { followup } from "./followup.js";
import { followups } from "./followups.js";
import { help } from "./help.js";
import { mitigate } from "./mitigate.js";
import { note } from "./note.js";
import { oncall } from "./oncall.js";
import { playbook } from "./playbook.js";
import { resolve } from "./resolve.js";
import { role } from "./role.js";
import { service } from "./service.js";
import { sev } from "./sev.js";
import { slaBreach } from "./sla-breach.js";
import { status } from "./status.js";
import { statuspage } from "./statuspage.js";
import type { Subcommand } from "./subcommand.js";
import { timeline } from "./timeline.js";
import { title } from "./title.js";
import { update } from "./update.js";

/** Every `/incident` subcommand, in the order `/incident help` lists them. */
export const SUBCOMMANDS: readonly Subcommand[] = [
  declare,
  status,
  ack,
  sev,
  note,
  followup,
  followups,
  mitigate,
  resolve,
  playbook,
  role,
  oncall,
  title,
  service,
  escalation,
  update,
  slaBreach,
  customerReport,
  compliance,
  statuspage,
  timeline,
  consoleLink,
  help,
];

export function findSubcommand(word: string): Subcommand | null {
  const name = word.toLowerCase();
  return SUBCOMMANDS.find((s) => s.name === name || s.aliases?.includes(name)) ?? null;
}

export type Routed = { ok: true; subcommand: Subcommand; args: unknown } | { ok: false; reply: string };

/** `/incident <text>`: the subcommand and its arguments, or the answer that says what to fix. */
export function routeIncidentCommand(text: string): Routed {
  const trimmed = text.trim();
  const head = trimmed.split(/\s+/, 1)[0] ?? "";
  const subcommand = trimmed ? findSubcommand(head) : help;
  if (!subcommand) return { ok: false, reply: unknownSubcommandReply(head, SUBCOMMANDS) };
  const parsed = subcommand.parse(trimmed.slice(head.length).trim());
  return parsed.ok
    ? { ok: true, subcommand, args: parsed.args }
    : { ok: false, reply: parseErrorReply(subcommand, parsed.error) };
}
