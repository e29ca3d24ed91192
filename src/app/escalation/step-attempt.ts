/** Which run of a step's job this is, as plain data from the queue. */
export interface StepAttempt {
  /** 1 for the first run. */
  attempt: number;
  /** No retry follows: a transient failure now ends the step instead of throwing. */
  finalAttempt: boolean;
}

/** A caller that does not retry (tests, one-off runs): every failure is final. */
export const SINGLE_ATTEMPT: StepAttempt = { attempt: 1, finalAttempt: true };

/**
 * PagerDuty did not answer (429, 5xx, timeout, network) and a retry may still deliver: the step
 * stays `running` and the job queue runs it again after its backoff.
 */
export class RetryLater extends Error {
  readonly code = "pagerduty_unavailable";
  constructor(message: string) {
    super(message);
    this.name = "RetryLater";
  }
}
