import type { Target } from "../domain/escalation-matrix.js";

/** Who a target is in Slack right now (static ids and user groups; later PagerDuty on-call). */
export interface TargetDirectory {
  slackUsersFor(target: Target): Promise<string[]>;
}
