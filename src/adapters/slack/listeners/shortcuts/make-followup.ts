import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from "@slack/bolt";
import { NOT_AN_INCIDENT_MESSAGE } from "../../blocks/timeline-replies.js";
import { followupModal } from "../../blocks/followup-modal.js";
import type { ListenerContext } from "../context.js";

export const MAKE_FOLLOWUP = "make_followup";

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/** The "Make a follow-up" message shortcut: a modal with the message's text, its author as owner. */
export function makeFollowup(ctx: ListenerContext) {
  return async ({ ack, shortcut, client }: Args) => {
    await ack();
    const channelId = shortcut.channel.id;
    const incident = ctx.deps.incidents.findByChannel(channelId);
    if (!incident) {
      await ctx.deps.messageSource
        .tell(channelId, shortcut.user.id, NOT_AN_INCIDENT_MESSAGE)
        .catch(() => undefined);
      return;
    }
    const message = shortcut.message as { text?: string; user?: string };
    const owner = message.user && /^[UW][A-Z0-9_]+$/.test(message.user) ? message.user : shortcut.user.id;
    await client.views.open({
      trigger_id: shortcut.trigger_id,
      view: followupModal({ incidentId: incident.id, text: message.text ?? "", owner }),
    });
  };
}
