import { type IncidentStatus, STATUS_LABELS } from "../../../domain/incident/incident.js";
import { type Severity, SEVERITY_LABELS } from "../../../domain/incident/severity.js";
import { formatDuration } from "../../../domain/time/duration.js";
import { Html, html } from "../html.js";

/** Display names by Slack user id (missing ones show as the id). */
export type Names = Record<string, string>;

export const userLabel = (names: Names, id: string | null): string => (id ? (names[id] ?? id) : "—");

/** `slack:U1` → their name, `pagerduty:Jane` → "Jane (PagerDuty)", `bot` → "imoc". */
export function actorLabel(actor: string, names: Names): string {
  if (actor === "bot") return "imoc";
  if (actor.startsWith("slack:")) return userLabel(names, actor.slice(6));
  if (actor.startsWith("pagerduty:")) return `${actor.slice(10)} (PagerDuty)`;
  return actor;
}

const SLACK_MARKUP = /<([@#!])([^|>]+)(?:\|([^>]*))?>|<(https?:[^|>]+)(?:\|([^>]*))?>/g;

/** Slack markup as plain text: `<@U1>` → "@Pat Primary", `<#C1|name>` → "#name", links → their label. */
export function slackText(text: string, names: Names): string {
  if (!text.includes("<")) return text;
  return text.replace(
    SLACK_MARKUP,
    (_all, sigil?: string, id?: string, label?: string, url?: string, urlLabel?: string) => {
      if (url) return urlLabel || url;
      if (sigil === "@") return `@${names[id ?? ""] ?? label ?? id}`;
      if (sigil === "#") return `#${label || id}`;
      return label || `@${id}`;
    },
  );
}

/** Slack user ids named by actors (`slack:U1`) and mentioned in texts (`<@U1>`). */
export function slackIdsOf(events: Iterable<{ actor: string; text: string }>): string[] {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.actor.startsWith("slack:")) ids.add(e.actor.slice(6));
    if (e.text.includes("<@")) for (const m of e.text.matchAll(/<@([A-Z0-9_]+)/g)) ids.add(m[1] as string);
  }
  return [...ids];
}

/**
 * A time in UTC, which the page's script rewrites into the viewer's time zone; the UTC time stays
 * in the title (hover) and in `datetime`.
 */
export function timeEl(d: Date | null, opts: { countdown?: boolean; seconds?: boolean } = {}): Html {
  if (!d) return html`—`;
  const iso = d.toISOString();
  const title = `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
  const text = `${iso.slice(0, 10)} ${iso.slice(11, opts.seconds ? 19 : 16)} UTC`;
  const local = opts.seconds ? "seconds" : "minutes";
  return new Html(
    `<time datetime="${iso}" title="${title}" data-local="${local}"${opts.countdown ? " data-countdown" : ""}>${text}</time>`,
  );
}

export const durationBetween = (from: Date, to: Date | null): string =>
  to ? formatDuration(to.getTime() - from.getTime()) : "—";

export const severityBadge = (s: Severity): Html =>
  html`<span class="badge sev-${s}">${SEVERITY_LABELS[s]}</span>`;

export const statusBadge = (s: IncidentStatus): Html =>
  html`<span class="badge status-${s}">${STATUS_LABELS[s]}</span>`;
