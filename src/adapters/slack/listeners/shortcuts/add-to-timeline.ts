import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from "@slack/bolt";
import { recordMessage } from "../../../../app/timeline/record-message.js";
import { slackActor } from "../../../../domain/timeline/timeline-event.js";
import { NOT_AN_INCIDENT_MESSAGE } from "../../blocks/timeline-replies.js";
import type { ListenerContext } from "../context.js";
import { tellRecorded } from "../events/tell-recorded.js";

export const ADD_TO_TIMELINE = "add_to_timeline";

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/** The "Add to incident timeline" message shortcut: same recording as a 📌, once per message. */
export function addToTimeline(ctx: ListenerContext) {
  return async ({ ack, shortcut }: Args) => {
    await ack();
    const channelId = shortcut.channel.id;
    const userId = shortcut.user.id;
    const message = shortcut.message as {
      ts: string;
      user?: string;
      text?: string;
      files?: Array<{ id?: string; name?: string; mimetype?: string; permalink?: string }>;
    };
    try {
      const result = await recordMessage(ctx.deps, {
        channelId,
        ts: shortcut.message_ts,
        by: slackActor(userId),
        via: "shortcut",
        // Slack sends the message along; used when the bot cannot read the channel history.
        fallback: {
          channelId,
          ts: shortcut.message_ts,
          userId: message.user ?? null,
          text: message.text ?? "",
          permalink: null,
          files: (message.files ?? []).map((f) => ({
            ...(f.id ? { id: f.id } : {}),
            name: f.name ?? "file",
            type: f.mimetype ?? null,
            permalink: f.permalink ?? null,
          })),
        },
      });
      if (result.kind === "not-incident-channel") {
        await ctx.deps.messageSource.tell(channelId, userId, NOT_AN_INCIDENT_MESSAGE).catch(() => undefined);
        return;
      }
      await tellRecorded(ctx, channelId, userId, result);
    } catch (error) {
      ctx.deps.logger.error({ err: error, channelId }, "could not add a message to the timeline");
    }
  };
}
