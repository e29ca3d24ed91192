import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { answerFeedback, parseFeedbackSubject } from "../../../../app/alerts/answer-feedback.js";
import type { Verdict } from "../../../../domain/alerts/actionability.js";
import type { ListenerContext } from "../context.js";

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** *Actionable* / *Noise* on alert messages and page DMs; a second click replaces the first. */
export function alertFeedbackAction(ctx: ListenerContext, verdict: Verdict) {
  return async ({ ack, action, body, respond }: Args) => {
    await ack();
    const subject = parseFeedbackSubject(action.value ?? "");
    const result = subject
      ? answerFeedback(ctx.deps, subject, body.user.id, verdict)
      : { kind: "unknown" as const };
    const text =
      result.kind === "recorded"
        ? `Thanks: you marked ${result.about} as *${verdict}* (click the other button to change it).`
        : "That alert is unknown here.";
    await respond({ response_type: "ephemeral", replace_original: false, text });
  };
}
