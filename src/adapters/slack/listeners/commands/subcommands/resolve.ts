import { changeStatus } from "../../../../../app/incident/change-status.js";
import { statusChangeReply } from "../../../blocks/incident-replies.js";
import { withTimersNote } from "../../../blocks/timers-note.js";
import { accept, type Subcommand } from "./subcommand.js";

export const resolve: Subcommand<{ summary: string | null }> = {
  name: "resolve",
  aliases: ["resolved", "close"],
  usage: "/incident resolve [summary]",
  summary: "Resolve the incident, optionally with a summary.",
  scope: "incident",
  parse: (text) => accept({ summary: text || null }),
  async run(ctx, { summary }) {
    const result = await changeStatus(ctx.deps, {
      incidentId: ctx.incident.id,
      to: "resolved",
      actor: ctx.actor,
      actorUserId: ctx.userId,
      summary,
    });
    return withTimersNote(
      ctx.deps.scheduler,
      statusChangeReply(result, "resolved"),
      result.kind === "changed",
    );
  },
};
