import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { changeStatus } from "../../../../app/incident/change-status.js";
import type { TransitionTarget } from "../../../../domain/incident/incident-state.js";
import { slackActor } from "../../../../domain/timeline/timeline-event.js";
import type { ListenerContext } from "../context.js";
import { statusChangeReply } from "../../blocks/incident-replies.js";

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Acknowledge and Resolve buttons: the button's value is the incident number. */
export function statusButton(ctx: ListenerContext, to: TransitionTarget, verb: string) {
  return async ({ ack, action, body, respond }: Args) => {
    await ack();
    const incidentId = Number(action.value);
    const result = await changeStatus(ctx.deps, {
      incidentId,
      to,
      actor: slackActor(body.user.id),
      actorUserId: body.user.id,
    });
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      text: statusChangeReply(result, verb),
    });
  };
}
