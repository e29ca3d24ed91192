import type { AlertMode, AlertSeverity } from "../domain/alerts/alert-routing.js";
import type { Verdict } from "../domain/alerts/actionability.js";

export interface AlertGroup {
  id: number;
  source: "alertmanager" | "pagerduty";
  groupKey: string;
  status: "firing" | "resolved";
  alertname: string;
  title: string;
  labels: Record<string, string>;
  /** The route's name; null when no route matched. */
  route: string | null;
  mode: AlertMode | "storm";
  severity: AlertSeverity;
  service: string | null;
  playbookId: string | null;
  link: string | null;
  /** Notifications received for this group (Alertmanager repeats, PagerDuty re-triggers). */
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  resolvedAt: Date | null;
  incidentId: number | null;
  messageChannel: string | null;
  messageTs: string | null;
  stormId: number | null;
  dismissedBy: string | null;
  dismissedAt: Date | null;
}

export type NewAlertGroup = Omit<
  AlertGroup,
  "id" | "count" | "resolvedAt" | "incidentId" | "messageTs" | "stormId" | "dismissedBy" | "dismissedAt"
> &
  Partial<Pick<AlertGroup, "stormId" | "resolvedAt">>;

export interface AlertStorm {
  id: number;
  channel: string;
  messageTs: string | null;
  startedAt: Date;
  lastAt: Date;
}

export interface FeedbackAnswer {
  /** `group-<id>` or `incident-<id>`: one answer per person and subject. */
  subject: string;
  incidentId: number | null;
  groupId: number | null;
  userId: string;
  verdict: Verdict;
  alertname: string | null;
  playbookId: string | null;
  security: boolean;
  answeredAt: Date;
}

/**
 * `createGroup` of a (source, key) that has a group: another replica (or request) created it a
 * moment ago. The caller's transaction rolls back (no second triage message, no second incident)
 * and the sender's retry of the notification finds the group and counts a repeat.
 */
export class AlertGroupExists extends Error {
  constructor(source: string, key: string) {
    super(
      `the alert group ${source} ${key} was created a moment ago by another request; its next notification counts as a repeat`,
    );
    this.name = "AlertGroupExists";
  }
}

/** Alert groups, storms and actionability answers (synchronous, like the other stores). */
export interface AlertStore {
  group(id: number): AlertGroup | null;
  groupByKey(source: AlertGroup["source"], key: string): AlertGroup | null;
  /** Throws AlertGroupExists when the group of its (source, key) exists (one statement, no failed one). */
  createGroup(group: NewAlertGroup): AlertGroup;
  updateGroup(
    id: number,
    patch: Partial<
      Pick<
        AlertGroup,
        | "status"
        | "count"
        | "lastSeen"
        | "resolvedAt"
        | "incidentId"
        | "messageChannel"
        | "messageTs"
        | "dismissedBy"
        | "dismissedAt"
        | "title"
        | "groupKey"
      >
    >,
  ): void;
  /** New groups first seen at or after `since` (storm detection). */
  newGroupsSince(since: Date): number;
  groupsOfIncident(incidentId: number): AlertGroup[];
  groupsOfStorm(stormId: number): AlertGroup[];
  /** The storm still going (its last group at or after `since`), if any. */
  activeStorm(since: Date): AlertStorm | null;
  createStorm(channel: string, at: Date): AlertStorm;
  updateStorm(id: number, patch: Partial<Pick<AlertStorm, "lastAt" | "messageTs">>): void;
  storm(id: number): AlertStorm | null;
  /** Records a person's answer, replacing their earlier one on the same subject. */
  answer(answer: FeedbackAnswer): void;
  /** Answers given in [from, to). */
  answersBetween(range: { from: Date; to: Date }, includeSecurity: boolean): FeedbackAnswer[];
}
