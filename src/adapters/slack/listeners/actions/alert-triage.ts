import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import {
  attachAlert,
  declareFromAlert,
  dismissAlert,
  parseSubject,
  type TriageResult,
} from "../../../../app/alerts/triage-alert.js";
import { incidentRef } from "../../../../domain/incident/incident.js";
import type { ListenerContext } from "../context.js";

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

function reply(result: TriageResult): string {
  switch (result.kind) {
    case "declared":
      return `Declared ${incidentRef(result.incident)} from ${result.groups} alert group(s).`;
    case "attached":
      return `Attached ${result.groups} alert group(s) to ${incidentRef(result.incident)}.`;
    case "dismissed":
      return `Dismissed ${result.groups} alert group(s).`;
    case "nothing-to-do":
      return `Nothing to do: ${result.reason}.`;
  }
}

/** The triage message's *Declare*, *Attach to INC-n* (a select of open incidents) and *Dismiss*. */
export function alertTriageAction(ctx: ListenerContext, verb: "declare" | "attach" | "dismiss") {
  return async ({ ack, action, body, respond }: Args) => {
    await ack();
    const raw =
      action.type === "static_select"
        ? action.selected_option.value
        : action.type === "button"
          ? action.value
          : "";
    const [subjectText = "", incidentText = ""] = String(raw ?? "").split(":");
    const subject = parseSubject(subjectText);
    const user = body.user.id;
    let result: TriageResult;
    if (!subject) result = { kind: "nothing-to-do", reason: "this alert is unknown" };
    else if (verb === "declare") result = await declareFromAlert(ctx.deps, subject, user);
    else if (verb === "attach") result = attachAlert(ctx.deps, subject, Number(incidentText), user);
    else result = dismissAlert(ctx.deps, subject, user);
    await respond({ response_type: "ephemeral", replace_original: false, text: reply(result) });
  };
}
