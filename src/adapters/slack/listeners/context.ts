import type { AppDeps } from "../../../app/deps.js";
import type { EscalationDeps } from "../../../app/escalation-deps.js";
import type { TimelineDeps } from "../../../app/timeline-deps.js";

/** What every Slack listener gets: the use-case dependencies, nothing Slack-specific. */
export interface ListenerContext {
  deps: AppDeps;
  /** Escalation, paging and comms (absent only in listener tests that do not need them). */
  escalation?: EscalationDeps;
  /** The same dependencies plus the IMOC log's queries and Slack message access (issue 4). */
  timeline?: TimelineDeps;
}

/** The IMOC log's dependencies; only listener tests that never touch the log leave them out. */
export function timelineOf(ctx: ListenerContext): TimelineDeps {
  if (!ctx.timeline)
    throw new Error("the IMOC log is not wired into the Slack listeners (ListenerContext.timeline)");
  return ctx.timeline;
}
