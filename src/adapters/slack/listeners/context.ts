import type { AppDeps } from "../../../app/deps.js";
import type { TimelineDeps } from "../../../app/timeline-deps.js";

/** What every Slack listener gets: the use-case dependencies, nothing Slack-specific. */
export interface ListenerContext {
  deps: AppDeps;
  /** The same dependencies plus the IMOC log's queries and Slack message access. */
  timeline: TimelineDeps;
}
