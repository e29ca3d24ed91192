import type { OnCallDirectory } from "../../ports/on-call-directory.js";

/** What the escalation step knows when it asks: drills must not reach PagerDuty, not even to read. */
export interface LookupContext {
  drill?: boolean;
}

interface SlackUsersFor<T> {
  slackUsersFor(target: T, context?: LookupContext): Promise<string[]>;
}

/**
 * Adds whoever PagerDuty says is on call for a target to the Slack users an escalation step
 * invites and DMs (the matrix's static users and groups). Generic over the target type so it
 * wraps the escalation engine's directory as it is; a PagerDuty failure leaves the static list,
 * and a drill never asks PagerDuty at all.
 */
export function withOnCall<T extends { id: string }>(
  base: SlackUsersFor<T>,
  onCall: Pick<OnCallDirectory, "slackUsersFor">,
): SlackUsersFor<T> {
  return {
    async slackUsersFor(target, context) {
      const [fixed, onDuty] = await Promise.all([
        base.slackUsersFor(target, context),
        context?.drill ? ([] as string[]) : onCall.slackUsersFor(target.id).catch(() => [] as string[]),
      ]);
      return [...new Set([...onDuty, ...fixed])];
    },
  };
}
