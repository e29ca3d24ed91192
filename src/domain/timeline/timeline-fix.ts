/** What `/incident timeline fix <seq> <time|text>` asks to change. */
export type FixValue =
  | { kind: "time-of-day"; hours: number; minutes: number; seconds: number }
  | { kind: "datetime"; at: Date }
  | { kind: "text"; text: string };

const TIME_OF_DAY = /^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?:\s*UTC)?$/i;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/i;

/** `21:03`, `21:03:15` (UTC, on the event's date), `2026-11-25 21:03`, ISO with offset; else text. */
export function parseFixValue(raw: string): FixValue {
  const value = raw.trim();
  const tod = TIME_OF_DAY.exec(value);
  if (tod)
    return {
      kind: "time-of-day",
      hours: Number(tod[1]),
      minutes: Number(tod[2]),
      seconds: Number(tod[3] ?? 0),
    };
  if (DATETIME.test(value)) {
    // No zone written means UTC, like every time in the log.
    const normalised = value.replace(" ", "T");
    const at = new Date(/(Z|[+-]\d{2}:\d{2})$/i.test(normalised) ? normalised : `${normalised}Z`);
    if (!Number.isNaN(at.getTime())) return { kind: "datetime", at };
  }
  return { kind: "text", text: value };
}

/** A time of day lands on the original event's UTC date. */
export function resolveFixTime(value: FixValue, original: Date): Date | null {
  if (value.kind === "datetime") return value.at;
  if (value.kind !== "time-of-day") return null;
  const d = new Date(original.getTime());
  d.setUTCHours(value.hours, value.minutes, value.seconds, 0);
  return d;
}
