import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { publishStatus } from "../../../../app/status-page/publish-status.js";
import { slackActor } from "../../../../domain/timeline/timeline-event.js";
import { STATUS_PAGE_FIELD } from "../../blocks/status-page.js";
import type { ListenerContext } from "../context.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The public form: publishes, or says in the form what to fix. A pushed form closes back to the update form. */
export function statusPageSubmission(ctx: ListenerContext) {
  return async ({ ack, view, body }: Args) => {
    const text = view.state.values[STATUS_PAGE_FIELD.block]?.[STATUS_PAGE_FIELD.action]?.value ?? "";
    const incident = ctx.deps.incidents.get(Number(view.private_metadata));
    const result = incident
      ? publishStatus(ctx.deps, {
          incident,
          text,
          actor: slackActor(body.user.id),
          actorUserId: body.user.id,
        })
      : ({ kind: "refused", reason: "this incident is no longer in the IMOC log" } as const);
    if (result.kind === "refused")
      return void (await ack({
        response_action: "errors",
        errors: { [STATUS_PAGE_FIELD.block]: `Nothing published: ${result.reason}.` },
      }));
    await ack();
  };
}
