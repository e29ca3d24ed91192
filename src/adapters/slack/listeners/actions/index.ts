import type { App } from "@slack/bolt";
import { ALERT_ACTIONS } from "../../blocks/alert-messages.js";
import { ACTIONS } from "../../blocks/incident-messages.js";
import { alertFeedbackAction } from "./alert-feedback.js";
import { alertTriageAction } from "./alert-triage.js";
import type { ListenerContext } from "../context.js";
import { STATUS_PAGE_ACTION } from "../../blocks/status-page.js";
import { FOLLOWUP_ACTIONS } from "../../blocks/followup-messages.js";
import { followupDoneButton, playbookReviewedButton } from "./followup-buttons.js";
import { postUpdateButton } from "./post-update-button.js";
import { statusPageButton } from "./status-page-button.js";
import { statusButton } from "./status-button.js";

export function registerActions(app: App, ctx: ListenerContext): void {
  app.action(ACTIONS.acknowledge, statusButton(ctx, "acknowledged", "acknowledged"));
  app.action(ACTIONS.resolve, statusButton(ctx, "resolved", "resolved"));
  app.action(ACTIONS.postUpdate, postUpdateButton(ctx));
  app.action(STATUS_PAGE_ACTION, statusPageButton(ctx));
  app.action(FOLLOWUP_ACTIONS.done, followupDoneButton(ctx));
  app.action(FOLLOWUP_ACTIONS.playbookReviewed, playbookReviewedButton(ctx));
  app.action(ALERT_ACTIONS.declare, alertTriageAction(ctx, "declare"));
  app.action(ALERT_ACTIONS.attach, alertTriageAction(ctx, "attach"));
  app.action(ALERT_ACTIONS.dismiss, alertTriageAction(ctx, "dismiss"));
  app.action(ALERT_ACTIONS.actionable, alertFeedbackAction(ctx, "actionable"));
  app.action(ALERT_ACTIONS.noise, alertFeedbackAction(ctx, "noise"));
}
