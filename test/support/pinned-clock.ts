import type { Clock } from "../../src/ports/clock.js";

/**
 * A clock that starts at `iso` and then runs in real time, so durations the bot measures stay
 * real while the date is the test's choice. Pick an instant in the past: queue delays are
 * computed against the real time, so a step due "now" still fires at once.
 */
export function clockFrom(iso: string): Clock {
  const start = Date.parse(iso);
  if (Number.isNaN(start)) throw new Error(`clockFrom: not a date: ${iso}`);
  const realStart = Date.now();
  return { now: () => new Date(start + (Date.now() - realStart)) };
}
