import { publishStatus } from "../../../../../app/status-page/publish-status.js";
import { statusPageModal, statusPageReply } from "../../../blocks/status-page.js";
import { accept, type Subcommand } from "./subcommand.js";

/** `/incident statuspage <text>`: a customer-facing update; without text, the form. */
export const statuspage: Subcommand<{ text: string | null }> = {
  name: "statuspage",
  aliases: ["status-page"],
  usage: "/incident statuspage <text for customers>",
  summary:
    "Publish a customer-facing update on the public status page (GET /status); no text opens the form.",
  scope: "incident",
  parse: (text) => accept({ text: text || null }),
  async run(ctx, { text }) {
    if (!text) {
      await ctx.openModal(statusPageModal(ctx.incident));
      return null;
    }
    const result = publishStatus(ctx.deps, {
      incident: ctx.incident,
      text,
      actor: ctx.actor,
      actorUserId: ctx.userId,
    });
    return statusPageReply(result);
  },
};
