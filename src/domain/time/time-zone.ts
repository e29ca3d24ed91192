import { tzOffset } from "@date-fns/tz";

/** True for any IANA zone name the runtime knows (`UTC`, `Europe/Berlin`…). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const QUARTER_HOUR = 15 * 60_000;
// Zone offsets only change on quarter hours, so one lookup per zone and quarter hour is exact;
// a 10,000-event export would otherwise spend most of its time in Intl.
const offsets = new Map<string, number>();
// Consecutive log events are usually in the same quarter hour: remember the last answer.
let last = { zone: "", bucket: Number.NaN, offset: 0 };
function offsetMinutes(zone: string, ms: number): number {
  const bucket = Math.floor(ms / QUARTER_HOUR);
  if (bucket === last.bucket && zone === last.zone) return last.offset;
  const key = `${zone}@${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 50_000) offsets.clear();
    offset = tzOffset(zone, new Date(ms));
    offsets.set(key, offset);
  }
  last = { zone, bucket, offset };
  return offset;
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const DAY_MS = 86_400_000;
// Exports format thousands of times on a handful of days: the date part is cached per day and
// the time part is built from a table, instead of toISOString and slicing per call.
const days = new Map<number, string>();
function dayString(day: number): string {
  let text = days.get(day);
  if (text === undefined) {
    if (days.size > 10_000) days.clear();
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    days.set(day, text);
  }
  return text;
}

function wallClock(localMs: number): string {
  const day = Math.floor(localMs / DAY_MS);
  const seconds = Math.floor((localMs - day * DAY_MS) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${dayString(day)} ${TWO[h]}:${TWO[m]}:${TWO[seconds % 60]}`;
}

/**
 * Date and time, always with the date (reviews span midnights), to the second. UTC is written
 * `UTC`; other zones carry their offset (`+01:00`) so a reader never has to guess.
 */
export function formatDateTime(date: Date, zone = "UTC"): string {
  const ms = date.getTime();
  if (zone === "UTC") return `${wallClock(ms)} UTC`;
  const offset = offsetMinutes(zone, ms);
  const abs = Math.abs(offset);
  return `${wallClock(ms + offset * 60_000)} ${offset < 0 ? "-" : "+"}${TWO[Math.floor(abs / 60)]}:${TWO[abs % 60]}`;
}
