import type { Deps } from "../../../app/deps.js";

/** What every Slack listener gets: the use-case dependencies, nothing Slack-specific. */
export interface ListenerContext {
  deps: Deps;
}
