import { declareIncident } from "../../../../../app/incident/declare-incident.js";
import {
  DEFAULT_SECURITY_SEVERITY,
  parseSeverity,
  type Severity,
} from "../../../../../domain/incident/severity.js";
import { incidentRef } from "../../../../../domain/incident/incident.js";
import { declareModal } from "../../../blocks/declare-modal.js";
import { titleProblem } from "./parse-args.js";
import { accept, reject, type Subcommand } from "./subcommand.js";

type DeclareArgs =
  | { form: true }
  | { form: false; severity: Severity; security: boolean; title: string; drill: boolean };

const EXAMPLE = "Checkout API returns 500s";

export const declare: Subcommand<DeclareArgs> = {
  name: "declare",
  usage: "/incident declare [--drill] <sev1|sev2|sev3|security> <title>",
  summary: "Declare an incident and open its channel (no arguments opens a form; --drill for a game day).",
  scope: "anywhere",
  parse(text) {
    if (!text) return accept({ form: true });
    const drill = /^--drill(\s|$)/i.test(text);
    const rest = drill ? text.slice("--drill".length).trim() : text;
    if (drill && !rest)
      return reject(
        `Give the drill a severity and a title, e.g. \`/incident declare --drill sev2 ${EXAMPLE}\`.`,
      );
    const [first = "", ...words] = rest.split(/\s+/);
    const title = words.join(" ").trim();
    const security = first.toLowerCase() === "security";
    const severity = security ? DEFAULT_SECURITY_SEVERITY : parseSeverity(first);
    if (!severity) {
      return reject(
        `"${first}" is not a severity. Start with sev1, sev2, sev3 or security, e.g. \`/incident declare sev1 ${EXAMPLE}\`.`,
      );
    }
    if (!title) return reject(`Give the incident a title, e.g. \`/incident declare ${first} ${EXAMPLE}\`.`);
    const problem = titleProblem(title);
    return problem ? reject(problem) : accept({ form: false, severity, security, title, drill });
  },
  async run(ctx, args) {
    if (args.form) {
      await ctx.openModal(declareModal(ctx.channelId, ctx.deps.playbooks.all()));
      return null;
    }
    const { severity, security, title, drill } = args;
    const result = await declareIncident(ctx.deps, {
      severity,
      security,
      title,
      drill,
      declaredBy: ctx.userId,
      responseUrl: ctx.responseUrl,
    });
    // The answer ("join #channel") comes from the outbox once the channel is open: exactly once,
    // even if Slack is failing now or the bot restarts before it could.
    return result.timersDelayed
      ? `:hourglass: ${incidentRef(result.incident)} is recorded and its first page went out, but the timer service (Redis) is unreachable: later escalation steps will run as soon as it is back. Nothing is lost.`
      : null;
  },
};
