import type { App } from "@slack/bolt";
import type { ListenerContext } from "../context.js";
import { ADD_TO_TIMELINE, addToTimeline } from "./add-to-timeline.js";
import { MAKE_FOLLOWUP, makeFollowup } from "./make-followup.js";

export function registerShortcuts(app: App, ctx: ListenerContext): void {
  app.shortcut(ADD_TO_TIMELINE, addToTimeline(ctx));
  app.shortcut(MAKE_FOLLOWUP, makeFollowup(ctx));
}
