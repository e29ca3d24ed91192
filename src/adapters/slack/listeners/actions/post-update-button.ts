import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { postUpdateModal } from "../../blocks/declare-modal.js";
import type { ListenerContext } from "../context.js";

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export function postUpdateButton(_ctx: ListenerContext) {
  return async ({ ack, action, body, client }: Args) => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: postUpdateModal(Number(action.value)),
    });
  };
}
