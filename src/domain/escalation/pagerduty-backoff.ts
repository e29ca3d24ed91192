/** How long to wait before the next PagerDuty try: 1 s, 2 s, 4 s ... then `capMs` for ever. */
export interface PagerDutyBackoff {
  /** The wait after the first failure; each next one doubles. */
  baseMs: number;
  /** The longest wait between two tries. */
  capMs: number;
}

export const PAGERDUTY_BACKOFF: PagerDutyBackoff = { baseMs: 1000, capMs: 30_000 };

/** The wait after the `failures`-th failed try in a row (1 for the first). */
export function pagerDutyRetryDelayMs(
  failures: number,
  backoff: PagerDutyBackoff = PAGERDUTY_BACKOFF,
): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  return Math.min(backoff.capMs, backoff.baseMs * 2 ** exponent);
}
