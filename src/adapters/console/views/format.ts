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

/** Slack user ids named by actors (`slack:U1`). */
export const slackIdsOf = (actors: Iterable<string>): string[] => [
  ...new Set([...actors].filter((a) => a.startsWith("slack:")).map((a) => a.slice(6))),
];

/**
 * A time in UTC, which the page's script rewrites into the viewer's time zone; the UTC time stays
 * in the title (hover) and in `datetime`.
 */
export function timeEl(d: Date | null, opts: { countdown?: boolean } = {}): Html {
  if (!d) return html`—`;
  const iso = d.toISOString();
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return new Html(
    `<time datetime="${iso}" title="${text}" data-local${opts.countdown ? " data-countdown" : ""}>${text}</time>`,
  );
}

export const durationBetween = (from: Date, to: Date | null): string =>
  to ? formatDuration(to.getTime() - from.getTime()) : "—";

export const severityBadge = (s: Severity): Html =>
  html`<span class="badge sev-${s}">${SEVERITY_LABELS[s]}</span>`;

export const statusBadge = (s: IncidentStatus): Html =>
  html`<span class="badge status-${s}">${STATUS_LABELS[s]}</span>`;
