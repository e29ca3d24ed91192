import type { Clock } from "../../src/ports/clock.js";

/**
 * A clock that starts at `iso` and then runs in real time, so durations the bot measures stay
 * real while the date is the test's choice. The queue counts delays from this clock too, so a
 * step due in 5 s fires in 5 s whatever the date.
 */
export function clockFrom(iso: string): Clock {
  const start = Date.parse(iso);
  if (Number.isNaN(start)) throw new Error(`clockFrom: not a date: ${iso}`);
  const realStart = Date.now();
  return { now: () => new Date(start + (Date.now() - realStart)) };
}
