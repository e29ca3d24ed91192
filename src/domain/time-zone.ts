import { tz } from "@date-fns/tz";
import { format } from "date-fns";

/** True for any IANA zone name the runtime knows (`UTC`, `Europe/Berlin`…). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Date and time, always with the date (reviews span midnights), to the second. UTC is written
 * `UTC`; other zones carry their offset so a reader never has to guess.
 */
export function formatDateTime(date: Date, zone = "UTC"): string {
  if (zone === "UTC") return `${format(date, "yyyy-MM-dd HH:mm:ss", { in: tz("UTC") })} UTC`;
  return format(date, "yyyy-MM-dd HH:mm:ss xxx", { in: tz(zone) });
}

export function formatTime(date: Date, zone = "UTC"): string {
  return format(date, "HH:mm:ss", { in: tz(zone) });
}
