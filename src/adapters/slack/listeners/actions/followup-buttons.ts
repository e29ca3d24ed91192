import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { completeFollowup } from "../../../../app/followups/complete-followup.js";
import { neutraliseMentions } from "../../../../domain/text/mentions.js";
import { confirmPlaybookReview } from "../../../../app/playbooks/remind-playbook-review.js";
import { playbookReviewedReply } from "../../blocks/playbook-review-replies.js";
import type { ListenerContext } from "../context.js";

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** *Mark done* in the owner's DM: the button's value is the follow-up id. */
export function followupDoneButton(ctx: ListenerContext) {
  return async ({ ack, action, body, respond }: Args) => {
    await ack();
    const result = completeFollowup(ctx.deps, { id: Number(action.value), userId: body.user.id });
    const text =
      result.kind === "not-found"
        ? "This follow-up is no longer in the IMOC log."
        : result.kind === "already-done"
          ? `Follow-up #${result.followup.id} was done already.`
          : `:white_check_mark: Follow-up #${result.followup.id} is done: ${result.followup.text}`;
    // The DM's button goes: the message now says it is done.
    await respond({ replace_original: true, text: neutraliseMentions(text) });
  };
}

/** *Playbook updated* in the owner's DM: the button's value is the playbook review's id. */
export function playbookReviewedButton(ctx: ListenerContext) {
  return async ({ ack, action, body, respond }: Args) => {
    await ack();
    const result = await confirmPlaybookReview(ctx.deps, {
      reviewId: Number(action.value),
      userId: body.user.id,
    });
    await respond({ replace_original: true, text: playbookReviewedReply(result) });
  };
}
