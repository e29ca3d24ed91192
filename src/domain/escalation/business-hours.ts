import { TZDate } from "@date-fns/tz";
import { addDays, getDay, set } from "date-fns";
import { type BusinessHours, WEEKDAYS } from "./escalation-matrix.js";

/**
 * The first moment at or after `at` that lies within business hours, in the matrix's time zone
 * (so a SEV-3 declared on Friday evening pages the primary at Monday 09:00 local time).
 */
export function nextBusinessTime(at: Date, hours: BusinessHours): Date {
  const local = new TZDate(at.getTime(), hours.timeZone);
  for (let day = 0; day < 8; day++) {
    const date = addDays(local, day);
    if (!hours.days.includes(WEEKDAYS[getDay(date)]!)) continue;
    const start = at1(date, hours.startMinute);
    const end = at1(date, hours.endMinute);
    if (day === 0 && local >= start && local < end) return at;
    if (local < start) return new Date(start.getTime());
  }
  // No business day configured at all: schema forbids it, but never lose the page.
  return at;
}

const at1 = (date: TZDate, minute: number): TZDate =>
  set(date, { hours: Math.floor(minute / 60), minutes: minute % 60, seconds: 0, milliseconds: 0 });
