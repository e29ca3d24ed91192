import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { postStatusUpdate } from "../../../../app/comms/post-status-update.js";
import { slackActor } from "../../../../domain/timeline/timeline-event.js";
import { UPDATE_FIELD } from "../../blocks/declare-modal.js";
import type { ListenerContext } from "../context.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function postUpdateSubmission(ctx: ListenerContext) {
  return async ({ ack, view, body }: Args) => {
    const text = view.state.values[UPDATE_FIELD.block]?.[UPDATE_FIELD.action]?.value?.trim() ?? "";
    if (!text) {
      return void (await ack({
        response_action: "errors",
        errors: { [UPDATE_FIELD.block]: "Write the update first." },
      }));
    }
    const incident = ctx.deps.incidents.get(Number(view.private_metadata));
    if (!incident) {
      return void (await ack({
        response_action: "errors",
        errors: { [UPDATE_FIELD.block]: "This incident is no longer in the IMOC log." },
      }));
    }
    await ack();
    await postStatusUpdate(ctx.deps, {
      incident,
      text,
      actor: slackActor(body.user.id),
      actorUserId: body.user.id,
    });
  };
}
