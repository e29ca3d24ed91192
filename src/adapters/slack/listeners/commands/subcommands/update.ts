import { postStatusUpdate } from "../../../../../app/comms/post-status-update.js";
import { updatePostedReply } from "../../../blocks/escalation-replies.js";
import { accept, reject, type Subcommand } from "./subcommand.js";

export const update: Subcommand<{ text: string }> = {
  name: "update",
  usage: "/incident update <text>",
  summary:
    "Post a status update (SEV-1: also to product, support, customer success; restarts the 15-minute clock).",
  scope: "incident",
  parse: (text) =>
    text ? accept({ text }) : reject("Write the update after the command: `/incident update <text>`."),
  async run(ctx, { text }) {
    const event = await postStatusUpdate(ctx.deps, {
      incident: ctx.incident,
      text,
      actor: ctx.actor,
      actorUserId: ctx.userId,
    });
    return updatePostedReply(event);
  },
};
