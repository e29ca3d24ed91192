/** Someone on call for a matrix target right now, as PagerDuty says, with their Slack account. */
export interface OnCallPerson {
  name: string;
  email: string | null;
  /** Null when no Slack user has the PagerDuty e-mail. */
  slackUserId: string | null;
  /** End of the current shift; null when always on call (no schedule). */
  until: Date | null;
  escalationLevel: number;
}

export type OnCallAnswer =
  | { kind: "on-call"; target: string; people: OnCallPerson[]; fetchedAt: Date; cached: boolean }
  /** The target exists but has no PagerDuty schedule or escalation policy to ask about. */
  | { kind: "not-in-pagerduty"; target: string }
  | { kind: "unknown-target"; target: string; known: string[] }
  /** PagerDuty could not be asked (down, refused the token, no token configured). */
  | {
      kind: "unavailable";
      target: string;
      reason: string;
      /** The last answer PagerDuty gave, when there is one: better than nothing, marked as old. */
      lastKnown?: { people: OnCallPerson[]; fetchedAt: Date };
    };

/**
 * Who is on call for a target (PagerDuty schedule or escalation policy → e-mail → Slack user).
 * Expected outcomes are answers; it never throws for PagerDuty being away.
 */
export interface OnCallDirectory {
  targets(): string[];
  whoIsOnCall(target: string): Promise<OnCallAnswer>;
  /** Slack users on call for a target (for escalation steps); empty when unknown or unavailable. */
  slackUsersFor(target: string): Promise<string[]>;
}
