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

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * Date and time, always with the date (reviews span midnights), to the second. UTC is written
 * `UTC`; other zones carry their offset (`+01:00`) so a reader never has to guess.
 */
export function formatDateTime(date: Date, zone = "UTC"): string {
  const ms = date.getTime();
  if (zone === "UTC") {
    const iso = date.toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
  }
  const offset = offsetMinutes(zone, ms);
  const iso = new Date(ms + offset * 60_000).toISOString();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} ${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
