import { addDays } from "./followup.js";

/** A due date as typed: resolved against "today" when the command runs. */
export type DueSpec =
  | { kind: "date"; day: string }
  | { kind: "in"; days: number }
  | { kind: "weekday"; weekday: number };

export interface FollowupInput {
  text: string;
  /** Slack user id; null: the person who typed it. */
  owner: string | null;
  due: DueSpec | null;
}

export type ParsedFollowup = { ok: true; value: FollowupInput } | { ok: false; error: string };

export const DUE_FORMS =
  "`due 2026-12-04`, `due today`, `due tomorrow`, `due in 3 days`, `due in 2 weeks` or `due friday`";

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** Parses the words after `due`; null when they are not a date we understand. */
export function parseDue(words: string): DueSpec | null | "bad-date" {
  const text = words.trim().toLowerCase();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) {
    const day = `${iso[1]}-${iso[2]}-${iso[3]}`;
    // 2026-02-30 parses in JS as March 2nd: a real date prints back the same.
    return new Date(`${day}T12:00:00Z`).toISOString().slice(0, 10) === day
      ? { kind: "date", day }
      : "bad-date";
  }
  if (text === "today") return { kind: "in", days: 0 };
  if (text === "tomorrow") return { kind: "in", days: 1 };
  const rel = /^in\s+(\d{1,3})\s+(day|days|week|weeks)$/.exec(text);
  if (rel) return { kind: "in", days: Number(rel[1]) * (rel[2]!.startsWith("week") ? 7 : 1) };
  const weekday = WEEKDAYS.findIndex((d) => d === text || d.slice(0, 3) === text);
  if (weekday >= 0) return { kind: "weekday", weekday };
  return null;
}

/** The day a due spec means, `today` being `YYYY-MM-DD`; a weekday is the next one after today. */
export function resolveDue(spec: DueSpec, today: string): string {
  if (spec.kind === "date") return spec.day;
  if (spec.kind === "in") return addDays(today, spec.days);
  const current = new Date(`${today}T12:00:00Z`).getUTCDay();
  const ahead = (spec.weekday - current + 7) % 7 || 7;
  return addDays(today, ahead);
}

const MENTION = /^<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>$/;
const MAX_TEXT = 500;

/**
 * `<text> [@owner] [due <date>]`. The owner is a Slack mention (`<@U123|dana>`) right before the
 * due clause or at the end; `due` takes the rest of the line. Anything unclear is an error that
 * says what to write, never a guess.
 */
export function parseFollowup(input: string): ParsedFollowup {
  let rest = input.trim();
  let due: DueSpec | null = null;
  // The last "due" starts the clause: "due to disk full" earlier in the text is text.
  const dueMatch = /^(.*\s)?due\s+(.+)$/is.exec(rest);
  if (dueMatch) {
    const clause = dueMatch[2]!.trim();
    const spec = parseDue(clause);
    if (spec === "bad-date") return { ok: false, error: `"${clause}" is not a real date.` };
    if (!spec)
      return {
        ok: false,
        error: `I cannot read "due ${clause}" as a date. Write ${DUE_FORMS}, at the end.`,
      };
    due = spec;
    rest = (dueMatch[1] ?? "").trim();
  }
  let owner: string | null = null;
  const last = rest.split(/\s+/).at(-1) ?? "";
  const mention = MENTION.exec(last);
  if (mention) {
    owner = mention[1]!;
    rest = rest.slice(0, rest.length - last.length).trim();
  } else if (/^@\S+$/.test(last)) {
    return {
      ok: false,
      error: `I do not know who ${last} is: pick the owner from Slack's @ autocomplete so the mention is a real person.`,
    };
  }
  if (!rest)
    return {
      ok: false,
      error: "Say what has to be done: `/incident followup Add a retry budget @dana due friday`.",
    };
  if (rest.length > MAX_TEXT)
    return { ok: false, error: `The follow-up is ${rest.length} characters; keep it under ${MAX_TEXT}.` };
  return { ok: true, value: { text: rest, owner, due } };
}
