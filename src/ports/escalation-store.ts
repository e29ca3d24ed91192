import type { PlannedStep } from "../domain/escalation/escalation-plan.js";
import type { UntilState } from "../domain/escalation/escalation-matrix.js";
import type { NewTimelineEvent } from "../domain/timeline/timeline-event.js";

/** `running`: claimed by a worker; a resolve no longer cancels it, the run records its outcome. */
export type StepState = "pending" | "running" | "paged" | "skipped" | "failed" | "cancelled";

export interface StepRecord {
  jobId: string;
  incidentId: number;
  generation: number;
  index: number;
  target: string;
  until: UntilState;
  dueAt: Date;
  state: StepState;
  reason: string | null;
  finishedAt: Date | null;
}

export interface PageRecord {
  id: number;
  incidentId: number;
  target: string;
  stepJobId: string;
  dedupKey: string;
  claimedAt: Date;
  pagerdutySentAt: Date | null;
  slackSentAt: Date | null;
  /** The Slack half of the page is in the outbox. */
  slackQueuedAt: Date | null;
  /** Who the Slack half reaches, when known. */
  slackUsers: string[] | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  /** PagerDuty attempts so far. */
  pagerdutyAttempts: number;
  /** The first transient PagerDuty failure of this page, while it is not delivered. */
  pagerdutyFailingSince: Date | null;
  /** PagerDuty refused the page for good (4xx). */
  pagerdutyGaveUpAt: Date | null;
  /** PagerDuty was sent `acknowledge` for it (after an acknowledgement in Slack). */
  pagerdutyAckedAt: Date | null;
}

export type PageStamp = Partial<
  Pick<
    PageRecord,
    | "pagerdutySentAt"
    | "slackSentAt"
    | "slackQueuedAt"
    | "slackUsers"
    | "acknowledgedAt"
    | "resolvedAt"
    | "pagerdutyAttempts"
    | "pagerdutyFailingSince"
    | "pagerdutyGaveUpAt"
    | "pagerdutyAckedAt"
  >
>;

/** Escalation plans and pages. Writes that explain themselves take their timeline event along. */
export interface EscalationStore {
  generation(incidentId: number): number;
  /**
   * Atomically: bumps the plan generation, cancels the pending steps of the old plan (returned,
   * so their timers can be removed), stores the new steps (pre-skipped ones as skipped).
   */
  replacePlan(
    incidentId: number,
    t0: Date,
    severity: string,
    build: (generation: number) => Array<PlannedStep & { jobId: string }>,
  ): { generation: number; cancelled: StepRecord[]; steps: StepRecord[] };
  /** Cancels every pending step (resolve); returns them. */
  cancelPending(incidentId: number, reason: string, at: Date): StepRecord[];
  step(jobId: string): StepRecord | null;
  steps(incidentId: number): StepRecord[];
  /**
   * pending → running, holding it until `lease.at + lease.ms` (no lease: until released or
   * finished); false when the step was cancelled or finished meanwhile, or another run holds it.
   */
  startStep(jobId: string, lease?: { at: Date; ms: number }): boolean;
  /** Lets the next run take the step at once (this run gives it back to retry later). */
  releaseStep(jobId: string): void;
  finishStep(
    jobId: string,
    outcome: { state: Exclude<StepState, "pending" | "running">; reason: string | null; at: Date },
    event: NewTimelineEvent | null,
  ): boolean;
  /** Inserts the page row, or returns the existing one for (incident, target). */
  claimPage(input: {
    incidentId: number;
    target: string;
    stepJobId: string;
    dedupKey: string;
    at: Date;
  }): PageRecord;
  stampPage(id: number, stamp: PageStamp, event?: NewTimelineEvent | null): void;
  pages(incidentId: number): PageRecord[];
  pageByDedupKey(dedupKey: string): PageRecord | null;
  pagedTargets(incidentId: number): Set<string>;
}
