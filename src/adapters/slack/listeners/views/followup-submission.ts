import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { addFollowup } from "../../../../app/followups/add-followup.js";
import { FOLLOWUP_FIELDS } from "../../blocks/followup-modal.js";
import type { ListenerContext } from "../context.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The "Make a follow-up" modal: recorded like `/incident followup`, the owner DMed. */
export function followupSubmission(ctx: ListenerContext) {
  return async ({ ack, view, body }: Args) => {
    const values = view.state.values;
    const text = values[FOLLOWUP_FIELDS.text.block]?.[FOLLOWUP_FIELDS.text.action]?.value?.trim() ?? "";
    const owner = values[FOLLOWUP_FIELDS.owner.block]?.[FOLLOWUP_FIELDS.owner.action]?.selected_user ?? null;
    const due = values[FOLLOWUP_FIELDS.due.block]?.[FOLLOWUP_FIELDS.due.action]?.selected_date ?? null;
    const incident = ctx.deps.incidents.get(Number(view.private_metadata));
    if (!text || !incident) {
      const error = !text ? "Say what has to be done." : "This incident is no longer in the IMOC log.";
      return void (await ack({ response_action: "errors", errors: { [FOLLOWUP_FIELDS.text.block]: error } }));
    }
    await ack();
    addFollowup(ctx.deps, { incident, text, owner, due, userId: body.user.id, via: "shortcut" });
  };
}
