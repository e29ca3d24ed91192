/**
 * Durable timers (BullMQ in production). Job ids are deterministic so scheduling twice is
 * harmless; the workers behind it only call use cases.
 *
 * Redis holds the schedule, SQLite the record: no call waits for an unreachable timer service
 * (it is skipped, or left to finish in the background after a short wait). Nothing is lost by
 * that: the plan is in SQLite, and `reconcileSchedule` puts back what is missing once the timer
 * service is back.
 */
export interface Scheduler {
  /** False while the timer service is unreachable: timers are delayed until it is back. */
  available(): boolean;
  scheduleStep(jobId: string, incidentId: number, dueAt: Date): Promise<void>;
  cancelSteps(jobIds: string[]): Promise<void>;
  /** (Re)starts the status-update clock: first run at `firstAt`, then every `everyMs`. */
  startStatusUpdates(incidentId: number, firstAt: Date, everyMs: number): Promise<void>;
  stopStatusUpdates(incidentId: number): Promise<void>;
  /** Soon: PagerDuty's `resolve` for every page of the (resolved) incident still open, retried. */
  resolvePages(incidentId: number): Promise<void>;
  /** The step's timer unless it has one already; true when it was missing (and is now set). */
  restoreStep(jobId: string, incidentId: number, dueAt: Date): Promise<boolean>;
  /** The status-update clock unless it runs already (its clock is kept); true when it was missing. */
  restoreStatusUpdates(incidentId: number, firstAt: Date, everyMs: number): Promise<boolean>;
  /** Soon: PagerDuty's `acknowledge` for the (acknowledged) incident's open pages, retried. */
  acknowledgePages(incidentId: number): Promise<void>;
  /** issue 10: the "not acknowledged 5 minutes after the first page" check of a SEV-1/SEV-2, at `dueAt`. */
  scheduleAckCheck?(incidentId: number, dueAt: Date): Promise<void>;
}
