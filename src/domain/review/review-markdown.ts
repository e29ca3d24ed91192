import { formatDuration } from "../time/duration.js";
import { incidentRef, STATUS_LABELS } from "../incident/incident.js";
import type { KeyTimes, Review } from "./review.js";
import { custodyMarkdown } from "./review-custody.js";
import { severityLabel } from "../incident/severity.js";
import { formatDateTime } from "../time/time-zone.js";
import { dayIn, followupState } from "../followups/followup.js";
import type { TimelineEntry } from "../timeline/timeline-view.js";

/** `slack:U123` → `@Pat Primary` (or `@U123`); `pagerduty:Jane` → `Jane (PagerDuty)`; `bot` → `imoc`. */
export function actorLabel(actor: string, people: Record<string, string> = {}): string {
  if (actor === "bot") return "imoc";
  if (actor.startsWith("slack:")) return `@${people[actor.slice(6)] ?? actor.slice(6)}`;
  if (actor.startsWith("pagerduty:")) return `${actor.slice(10)} (PagerDuty)`;
  return actor;
}

/** Table cells: pipes escaped, line breaks kept visible. Most cells need nothing: test first. */
const SPECIAL = /[\\|\n]/;
const cell = (text: string) =>
  SPECIAL.test(text)
    ? text.replace(/\\|\||\r?\n/g, (m) => (m === "\\" ? "\\\\" : m === "|" ? "\\|" : "<br>"))
    : text;

/** Slack mention markup (`<@U123>`, `<#C123|name>`) as a reader of the file sees it. */
export function plainMentions(text: string, people: Record<string, string>): string {
  if (!text.includes("<")) return text;
  return text
    .replace(/<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>/g, (_, id: string) => `@${people[id] ?? id}`)
    .replace(/<#([CG][A-Z0-9_]+)\|([^>]+)>/g, (_, _id: string, name: string) => `#${name}`);
}

const KEY_LABELS: Record<keyof KeyTimes, string> = {
  detected: "Detected",
  declared: "Declared",
  acknowledged: "Acknowledged",
  mitigated: "Mitigated",
  resolved: "Resolved",
};

function entryText(
  e: TimelineEntry,
  zone: string,
  who: (actor: string) => string,
  people: Record<string, string>,
): string {
  const plain =
    !e.files.length && !e.source?.permalink && !e.revisions.length && !e.deleted && !e.corrections.length;
  if (plain) return cell(plainMentions(e.text, people));
  const parts = [plainMentions(e.text, people)];
  if (e.files.length) {
    parts.push(
      `Files: ${e.files.map((f) => (f.permalink ? `[${f.name}](${f.permalink})` : f.name)).join(", ")}`,
    );
  }
  if (e.source?.permalink) parts.push(`[message](${e.source.permalink})`);
  for (const r of e.revisions)
    parts.push(`_edited ${formatDateTime(r.at, zone)} by ${who(r.by)}; before: "${r.previousText}"_`);
  if (e.deleted) parts.push(`_deleted in Slack ${formatDateTime(e.deleted.at, zone)}; text kept above_`);
  for (const c of e.corrections) {
    if (c.field === "detectedAt") {
      const was = c.from ? `; was ${formatDateTime(new Date(c.from), zone)}` : "";
      parts.push(`_detected at ${formatDateTime(new Date(c.to), zone)}, per ${who(c.by)} (#${c.seq})${was}_`);
      continue;
    }
    const from = c.field === "occurredAt" ? formatDateTime(new Date(c.from), zone) : `"${c.from}"`;
    const what = c.field === "occurredAt" ? "time" : "text";
    parts.push(
      `_${what} corrected by ${who(c.by)} at ${formatDateTime(c.at, zone)} (#${c.seq}); was ${from}_`,
    );
  }
  return cell(parts.join("\n"));
}

export function renderReviewMarkdown(review: Review, zone = "UTC"): string {
  const { incident: inc, keyTimes } = review;
  const at = (d: Date) => formatDateTime(d, zone);
  const who = (actor: string) => actorLabel(actor, review.people);
  const out: string[] = [
    `# ${incidentRef(inc)}: ${inc.title}`,
    "",
    `Post-incident review pulled from the IMOC log on ${at(review.generatedAt)}. Times in ${zone}.`,
    "",
    "| | |",
    "| --- | --- |",
    `| Severity | ${severityLabel(inc.severity)} |`,
    `| Security incident | ${inc.security ? "yes (chain of custody applies)" : "no"} |`,
    `| Status | ${STATUS_LABELS[inc.status]} |`,
    ...(inc.drill ? ["| Drill | yes (game day: left out of reports) |"] : []),
    ...(inc.service ? [`| Service | ${cell(inc.service)} |`] : []),
    ...(inc.channelName ? [`| Channel | #${inc.channelName} |`] : []),
    `| Commander | ${inc.commander ? who(`slack:${inc.commander}`) : "unassigned"} |`,
    ...(inc.resolutionSummary ? [`| Resolution | ${cell(inc.resolutionSummary)} |`] : []),
    "",
    "## Key times",
    "",
    "| | date and time |",
    "| --- | --- |",
  ];
  for (const key of Object.keys(KEY_LABELS) as Array<keyof KeyTimes>) {
    const value = keyTimes[key];
    if (value || key !== "detected") out.push(`| ${KEY_LABELS[key]} | ${value ? at(value) : "not yet"} |`);
  }
  out.push("", "## Durations", "");
  if (review.durations.length === 0) out.push("None yet.");
  for (const d of review.durations) out.push(`- ${d.label}: ${formatDuration(d.ms)}`);

  out.push("", "## Responders and roles", "");
  for (const r of review.responders)
    out.push(`- ${who(r.actor)}${r.roles.length ? `: ${r.roles.join(", ")}` : ""} (from ${at(r.firstSeen)})`);

  out.push("", "## Escalation log", "");
  if (review.escalation.length === 0) out.push("Nobody was paged.");
  else {
    out.push("| date and time | what | target | by | details |", "| --- | --- | --- | --- | --- |");
    for (const e of review.escalation)
      out.push(
        `| ${at(e.at)} | ${e.what} | ${cell(e.target)} | ${who(e.actor)} | ${cell(plainMentions(e.text, review.people))} |`,
      );
  }

  out.push("", "## Status updates", "");
  if (review.statusUpdates.length === 0) out.push("None.");
  for (const u of review.statusUpdates) out.push(`- ${at(u.occurredAt)}, ${who(u.actor)}: ${u.text}`);

  out.push(
    "",
    "## Timeline",
    "",
    "| # | date and time | kind | who | what |",
    "| --- | --- | --- | --- | --- |",
  );
  for (const e of review.timeline)
    out.push(
      `| ${e.seq} | ${at(e.occurredAt)} | ${e.kind} | ${who(e.actor)} | ${entryText(e, zone, who, review.people)} |`,
    );

  // Follow-ups noted as plain notes; the section is left out when owned ones (below) stand alone.
  if (review.followUps.length > 0 || review.actionItems.length === 0) {
    out.push("", "## Open follow-ups", "");
    if (review.followUps.length === 0)
      out.push("None recorded (notes starting with `follow-up:` or `TODO:` land here).");
    for (const f of review.followUps) out.push(`- [ ] ${f.text} (#${f.seq}, ${who(f.actor)})`);
  }

  out.push("", "## Follow-ups with owners", "");
  if (review.actionItems.length === 0)
    out.push("None recorded (`/incident followup <text> @owner due <date>`).");
  else {
    const today = dayIn(review.generatedAt, zone);
    out.push("| # | follow-up | owner | due | status |", "| --- | --- | --- | --- | --- |");
    for (const a of review.actionItems) {
      const state = followupState(a, today);
      const status = a.doneAt ? `${state} ${at(a.doneAt)}` : state;
      out.push(
        `| ${a.id} | ${cell(plainMentions(a.text, review.people))} | ${who(`slack:${a.owner}`)} | ${a.dueOn ?? "–"} | ${status} |`,
      );
    }
  }

  out.push(
    "",
    "## Chain of custody",
    "",
    `${review.chain.count} events, each SHA-256 chained to the one before. Head hash: \`${review.chain.headHash}\``,
    `Check it: \`npm run timeline:verify ${inc.id}\` or \`GET /api/incidents/${inc.id}/timeline/verify\`.`,
    ...(review.custody ? custodyMarkdown(review.custody, zone, who) : []),
    "",
  );
  return out.join("\n");
}
