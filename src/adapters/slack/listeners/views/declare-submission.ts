import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { declareIncident } from "../../../../app/declare-incident.js";
import { parseSeverity } from "../../../../domain/severity.js";
import { DECLARE_FIELDS } from "../../blocks/declare-modal.js";
import type { ListenerContext } from "../context.js";
import { declaredReply } from "../commands/declared-reply.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The declare modal. Field errors go back into the modal; the declarer's reply is a DM. */
export function declareSubmission(ctx: ListenerContext) {
  return async ({ ack, view, body }: Args) => {
    const values = view.state.values;
    const title = values[DECLARE_FIELDS.title.block]?.[DECLARE_FIELDS.title.action]?.value?.trim() ?? "";
    const severityValue =
      values[DECLARE_FIELDS.severity.block]?.[DECLARE_FIELDS.severity.action]?.selected_option?.value ?? "";
    const security =
      (values[DECLARE_FIELDS.security.block]?.[DECLARE_FIELDS.security.action]?.selected_options ?? [])
        .length > 0;
    const description =
      values[DECLARE_FIELDS.description.block]?.[DECLARE_FIELDS.description.action]?.value?.trim() || null;
    const severity = parseSeverity(severityValue);
    const errors: Record<string, string> = {};
    if (!title) errors[DECLARE_FIELDS.title.block] = "Give the incident a title.";
    if (!severity) errors[DECLARE_FIELDS.severity.block] = "Pick a severity.";
    if (!severity || !title) return void (await ack({ response_action: "errors", errors }));
    await ack();
    const result = await declareIncident(ctx.deps, {
      title,
      severity,
      security,
      description,
      declaredBy: body.user.id,
    });
    await ctx.deps.chat.directMessage(body.user.id, { text: declaredReply(result) });
  };
}
