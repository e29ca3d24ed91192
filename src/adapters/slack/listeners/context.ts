import type { AppDeps } from "../../../app/deps.js";
import type { EscalationDeps } from "../../../app/escalation-deps.js";

/** What every Slack listener gets: the use-case dependencies, nothing Slack-specific. */
export interface ListenerContext {
  deps: AppDeps;
  /** Escalation, paging and comms (absent only in listener tests that do not need them). */
  escalation?: EscalationDeps;
}
