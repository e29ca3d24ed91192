import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { statusPageModal } from "../../blocks/status-page.js";
import type { ListenerContext } from "../context.js";

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Publish on the status page…": on the update form it pushes the public form over it (Cancel goes
 * back to the internal update); in the resolution reminder it opens the form.
 */
export function statusPageButton(ctx: ListenerContext) {
  return async ({ ack, action, body, client }: Args) => {
    await ack();
    const incident = ctx.deps.incidents.get(Number(action.value));
    if (!incident) return;
    const view = statusPageModal(incident);
    if (body.view) await client.views.push({ trigger_id: body.trigger_id, view });
    else await client.views.open({ trigger_id: body.trigger_id, view });
  };
}
