import { changeSeverity } from "../../../../../app/incident/change-severity.js";
import { parseSeverity, type Severity } from "../../../../../domain/incident/severity.js";
import { severityChangeReply } from "../../../blocks/incident-replies.js";
import { withTimersNote } from "../../../blocks/timers-note.js";
import { accept, reject, type Subcommand } from "./subcommand.js";

export const sev: Subcommand<{ severity: Severity }> = {
  name: "sev",
  aliases: ["severity"],
  usage: "/incident sev <1|2|3>",
  summary: "Change the severity (re-plans the escalation).",
  scope: "incident",
  parse(text) {
    const severity = parseSeverity(text);
    return severity
      ? accept({ severity })
      : reject(`"${text}" is not a severity. Use \`/incident sev 1\`, 2 or 3.`);
  },
  async run(ctx, { severity }) {
    const result = await changeSeverity(ctx.deps, {
      incidentId: ctx.incident.id,
      severity,
      actor: ctx.actor,
      actorUserId: ctx.userId,
    });
    return withTimersNote(ctx.deps.scheduler, severityChangeReply(result), result.kind === "changed");
  },
};
