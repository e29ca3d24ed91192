import type { App } from "@slack/bolt";
import { DECLARE_MODAL_ID, POST_UPDATE_MODAL_ID } from "../../blocks/declare-modal.js";
import type { ListenerContext } from "../context.js";
import { FOLLOWUP_MODAL_ID } from "../../blocks/followup-modal.js";
import { followupSubmission } from "./followup-submission.js";
import { declareSubmission } from "./declare-submission.js";
import { STATUS_PAGE_MODAL_ID } from "../../blocks/status-page.js";
import { postUpdateSubmission } from "./post-update-submission.js";
import { statusPageSubmission } from "./status-page-submission.js";

export function registerViews(app: App, ctx: ListenerContext): void {
  app.view(DECLARE_MODAL_ID, declareSubmission(ctx));
  app.view(POST_UPDATE_MODAL_ID, postUpdateSubmission(ctx));
  app.view(STATUS_PAGE_MODAL_ID, statusPageSubmission(ctx));
  app.view(FOLLOWUP_MODAL_ID, followupSubmission(ctx));
}
