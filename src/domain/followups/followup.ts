/** An action item of an incident: what, who owns it, by when, and whether it is done. */
export interface Followup {
  id: number;
  incidentId: number;
  text: string;
  /** Slack user id of the owner. */
  owner: string;
  /** A calendar day, `YYYY-MM-DD` (overdue once that day has passed in the team's zone); null: no date. */
  dueOn: string | null;
  status: FollowupStatus;
  createdBy: string;
  createdAt: Date;
  doneAt: Date | null;
  doneBy: string | null;
}

export const FOLLOWUP_STATUSES = ["open", "done"] as const;
export type FollowupStatus = (typeof FOLLOWUP_STATUSES)[number];

/** Open and its due day is before `today` (`YYYY-MM-DD` in the team's zone). */
export const isOverdue = (f: Pick<Followup, "status" | "dueOn">, today: string): boolean =>
  f.status === "open" && f.dueOn !== null && f.dueOn < today;

/** What a reader sees: done, overdue or open. */
export const followupState = (f: Pick<Followup, "status" | "dueOn">, today: string) =>
  f.status === "done" ? "done" : isOverdue(f, today) ? "overdue" : "open";

/** `<YYYY-MM-DD>` of `date` in `zone`. */
export function dayIn(date: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** The day `days` after `day` (both `YYYY-MM-DD`). */
export function addDays(day: string, days: number): string {
  const at = Date.parse(`${day}T12:00:00Z`) + days * 86_400_000;
  return new Date(at).toISOString().slice(0, 10);
}

/** The Monday (`YYYY-MM-DD`) of the week `date` falls in, in `zone`: the key of a weekly job's run. */
export function weekOf(date: Date, zone: string): string {
  const today = dayIn(date, zone);
  const weekday = new Date(`${today}T12:00:00Z`).getUTCDay();
  return addDays(today, -((weekday + 6) % 7));
}

const CSV_COLUMNS = ["id", "incident", "text", "owner", "due", "status", "created_at", "done_at"] as const;

/** RFC 4180 field; a leading `=`, `+`, `-` or `@` is quoted as text so spreadsheets do not run it. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Follow-ups as CSV (header first, CRLF line ends), the state computed for `today`. */
export function followupsCsv(followups: readonly Followup[], today: string): string {
  const rows = followups.map((f) =>
    [
      String(f.id),
      `INC-${f.incidentId}`,
      f.text,
      f.owner,
      f.dueOn ?? "",
      followupState(f, today),
      f.createdAt.toISOString(),
      f.doneAt?.toISOString() ?? "",
    ].map(csvField),
  );
  const lines = [CSV_COLUMNS.join(","), ...rows.map((r) => r.join(","))];
  return lines.map((line) => `${line}\r\n`).join("");
}
