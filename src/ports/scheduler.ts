/**
 * Durable timers (BullMQ in production). Job ids are deterministic so scheduling twice is
 * harmless; the workers behind it only call use cases.
 */
export interface Scheduler {
  scheduleStep(jobId: string, incidentId: number, dueAt: Date): Promise<void>;
  cancelSteps(jobIds: string[]): Promise<void>;
  /** (Re)starts the status-update clock: first run at `firstAt`, then every `everyMs`. */
  startStatusUpdates(incidentId: number, firstAt: Date, everyMs: number): Promise<void>;
  stopStatusUpdates(incidentId: number): Promise<void>;
  /** Soon: PagerDuty's `resolve` for every page of the (resolved) incident still open, retried. */
  resolvePages(incidentId: number): Promise<void>;
  /** Soon: PagerDuty's `acknowledge` for the (acknowledged) incident's open pages, retried. */
  acknowledgePages(incidentId: number): Promise<void>;
}
