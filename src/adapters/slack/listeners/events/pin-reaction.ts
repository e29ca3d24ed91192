import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { recordMessage } from "../../../../app/timeline/record-message.js";
import { slackActor } from "../../../../domain/timeline/timeline-event.js";
import type { ListenerContext } from "../context.js";
import { tellRecorded } from "./tell-recorded.js";

type Args = SlackEventMiddlewareArgs<"reaction_added"> & AllMiddlewareArgs;

/** 📌 on a message in an incident channel records it in the IMOC log (once). */
export function pinReaction(ctx: ListenerContext) {
  return async ({ event }: Args) => {
    if (event.reaction !== "pushpin" || event.item.type !== "message") return;
    const { channel, ts } = event.item;
    try {
      const result = await recordMessage(ctx.deps, {
        channelId: channel,
        ts,
        by: slackActor(event.user),
        via: "pin",
      });
      await tellRecorded(ctx, channel, event.user, result);
    } catch (error) {
      ctx.deps.logger.error({ err: error, channel, ts }, "could not record a pinned message");
    }
  };
}
