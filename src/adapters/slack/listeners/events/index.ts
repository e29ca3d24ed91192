import type { App } from "@slack/bolt";
import type { ListenerContext } from "../context.js";
import { messageRevision } from "./message-revision.js";
import { pinReaction } from "./pin-reaction.js";

export function registerEvents(app: App, ctx: ListenerContext): void {
  app.event("reaction_added", pinReaction(ctx));
  app.event("message", messageRevision(ctx));
}
