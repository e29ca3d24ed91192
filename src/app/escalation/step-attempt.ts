/**
 * PagerDuty did not answer (429, 5xx, timeout, network): the work is not done and a later try may
 * deliver, so whoever ran it runs it again after a backoff (`pagerDutyRetryDelayMs(tries)`): the
 * timers worker through BullMQ's backoff, an in-process caller by re-adding the job with that
 * delay. `tries` counts the tries so far as the record knows them (`pages.pagerduty_attempts` for a
 * page), so the backoff grows the same whoever ran the previous try; null when the record does
 * not count them (resolves, acknowledges: the queue's own attempt count applies).
 */
export class RetryLater extends Error {
  readonly code = "pagerduty_unavailable";
  constructor(
    message: string,
    readonly tries: number | null = null,
  ) {
    super(message);
    this.name = "RetryLater";
  }
}
