import type { App } from "@slack/bolt";
import { ACTIONS } from "../../blocks/incident-messages.js";
import type { ListenerContext } from "../context.js";
import { STATUS_PAGE_ACTION } from "../../blocks/status-page.js";
import { postUpdateButton } from "./post-update-button.js";
import { statusPageButton } from "./status-page-button.js";
import { statusButton } from "./status-button.js";

export function registerActions(app: App, ctx: ListenerContext): void {
  app.action(ACTIONS.acknowledge, statusButton(ctx, "acknowledged", "acknowledged"));
  app.action(ACTIONS.resolve, statusButton(ctx, "resolved", "resolved"));
  app.action(ACTIONS.postUpdate, postUpdateButton(ctx));
  app.action(STATUS_PAGE_ACTION, statusPageButton(ctx));
}
