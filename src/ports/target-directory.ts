import type { Target } from "../domain/escalation/escalation-matrix.js";

/** Who a target is in Slack right now (static ids and user groups; later PagerDuty on-call). */
export interface TargetDirectory {
  /** `drill`: a game day; the on-call look-up must not reach PagerDuty. */
  slackUsersFor(target: Target, context?: { drill?: boolean }): Promise<string[]>;
}
