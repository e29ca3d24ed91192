import { addFollowup } from "../../../../../app/followups/add-followup.js";
import { type FollowupInput, parseFollowup } from "../../../../../domain/followups/parse-followup.js";
import { accept, reject, type Subcommand } from "./subcommand.js";

export const followup: Subcommand<FollowupInput> = {
  name: "followup",
  aliases: ["follow-up", "action"],
  usage: "/incident followup <text> [@owner] [due <date>]",
  summary: "Record an action item with an owner (default: you) and a due date; the owner gets a DM.",
  scope: "incident",
  parse(text) {
    const parsed = parseFollowup(text);
    return parsed.ok ? accept(parsed.value) : reject(parsed.error);
  },
  async run(ctx, args) {
    const f = addFollowup(ctx.deps, { incident: ctx.incident, ...args, userId: ctx.userId, via: "command" });
    const owner = f.owner === ctx.userId ? "you" : `<@${f.owner}>`;
    return `Follow-up #${f.id} recorded for ${owner}${f.dueOn ? `, due ${f.dueOn}` : ""}. ${f.owner === ctx.userId ? "" : "They get a DM with a *Mark done* button."}`.trim();
  },
};
