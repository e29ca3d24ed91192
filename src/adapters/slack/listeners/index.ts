import type { App } from "@slack/bolt";
import { registerActions } from "./actions/index.js";
import { registerCommands } from "./commands/index.js";
import type { ListenerContext } from "./context.js";
import { registerEvents } from "./events/index.js";
import { registerShortcuts } from "./shortcuts/index.js";
import { registerViews } from "./views/index.js";

export function registerListeners(app: App, ctx: ListenerContext): void {
  registerCommands(app, ctx);
  registerActions(app, ctx);
  registerViews(app, ctx);
  registerEvents(app, ctx);
  registerShortcuts(app, ctx);
}
