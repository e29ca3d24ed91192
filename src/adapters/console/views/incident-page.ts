import { incidentRef } from "../../../domain/incident/incident.js";
import type { TimelineEvent } from "../../../domain/timeline/timeline-event.js";
import type { IncidentView } from "../../../app/console/incident-view.js";
import { type Html, html } from "../html.js";
import {
  actorLabel,
  slackText,
  durationBetween,
  type Names,
  severityBadge,
  statusBadge,
  timeEl,
  userLabel,
} from "./format.js";

export interface IncidentModel extends IncidentView {
  names: Names;
  /** Responders and admins get the action forms. */
  canAct: boolean;
  csrf: string;
  /** What the last action did (after a POST), or what to fix. */
  flash: { ok: boolean; text: string } | null;
  /** FOLLOW-UPS (issue 11): the follow-ups section, rendered by its owner; null leaves it out. */
  followUps: Html | null;
}

const KIND_LABELS: Record<string, string> = {
  declared: "Declared",
  channel_created: "Channel",
  acknowledged: "Acknowledged",
  mitigated: "Mitigated",
  resolved: "Resolved",
  severity_changed: "Severity",
  note: "Note",
  status_update: "Status update",
  role_assigned: "Role",
  page_sent: "Page",
  page_skipped: "Page skipped",
  page_failed: "Page failed",
  page_acknowledged: "Page acknowledged",
  page_resolved: "Page resolved",
  page_ack_sent: "Page acknowledged",
  comms_sent: "Comms",
  playbook_linked: "Playbook",
  message_recorded: "Pinned message",
  message_revised: "Message edited",
  message_deleted: "Message deleted",
  correction: "Correction",
  warning: "Warning",
  details_changed: "Details",
};

/** One line of the IMOC log; also what the live stream appends. */
export function logRow(e: TimelineEvent, names: Names): Html {
  const link = e.source?.permalink
    ? html` <a href="${e.source.permalink}" rel="noopener noreferrer">in Slack</a>`
    : "";
  return html`<tr id="ev-${e.id}" class="k-${e.kind}"><td>${timeEl(e.occurredAt, { seconds: true })}</td><th scope="row">${KIND_LABELS[e.kind] ?? e.kind}</th><td>${actorLabel(e.actor, names)}</td><td class="text">${slackText(e.text, names)}${link}</td></tr>`;
}

export function summarySection(m: IncidentModel): Html {
  const i = m.incident;
  const role = (r: string) => userLabel(m.names, m.roles.find((a) => a.role === r)?.userId ?? null);
  return html`<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2><dl class="facts">
<div><dt>Severity</dt><dd>${severityBadge(i.severity)}</dd></div>
<div><dt>Status</dt><dd>${statusBadge(i.status)}</dd></div>
<div><dt>Service</dt><dd>${i.service ?? "—"}</dd></div>
<div><dt>Kind</dt><dd>${[i.security ? "Security" : "Operational", i.drill ? " drill" : ""].join("")}</dd></div>
<div><dt>Commander</dt><dd>${userLabel(m.names, i.commander)}</dd></div>
<div><dt>Comms lead</dt><dd>${role("comms")}</dd></div>
<div><dt>Scribe</dt><dd>${role("scribe")}</dd></div>
<div><dt>Channel</dt><dd>${i.channelName ? `#${i.channelName}` : "—"}</dd></div>
<div><dt>Declared</dt><dd>${timeEl(i.declaredAt)} by ${userLabel(m.names, i.declaredBy)}</dd></div>
<div><dt>Acknowledged</dt><dd>${timeEl(i.acknowledgedAt)}</dd></div>
<div><dt>Mitigated</dt><dd>${timeEl(i.mitigatedAt)}</dd></div>
<div><dt>Resolved</dt><dd>${timeEl(i.resolvedAt)}</dd></div>
<div><dt>Time to acknowledge</dt><dd>${durationBetween(i.declaredAt, i.acknowledgedAt)}</dd></div>
<div><dt>Time to mitigate</dt><dd>${durationBetween(i.declaredAt, i.mitigatedAt)}</dd></div>
</dl>${i.resolutionSummary ? html`<p><strong>Resolution:</strong> ${i.resolutionSummary}</p>` : ""}</section>`;
}

export function escalationSection(m: IncidentModel): Html {
  const steps = [...m.steps].sort((a, b) => a.generation - b.generation || a.index - b.index);
  const stepRows = steps.map(
    (s) =>
      html`<tr class="step-${s.state}"><td>${s.generation}.${s.index + 1}</td><th scope="row">${s.target}</th><td>${timeEl(s.dueAt, { countdown: s.state === "pending" })}</td><td>${s.state}</td><td>${s.until}</td><td>${s.reason ?? ""}</td></tr>`,
  );
  const pageRows = m.pages.map(
    (p) =>
      html`<tr><th scope="row">${p.target}</th><td>${timeEl(p.claimedAt)}</td><td>${p.pagerdutyGaveUpAt ? "refused" : p.pagerdutySentAt ? "sent" : p.pagerdutyAttempts ? "retrying" : "—"}</td><td>${p.slackSentAt ? "sent" : p.slackQueuedAt ? "queued" : "—"}</td><td>${timeEl(p.acknowledgedAt)}</td></tr>`,
  );
  return html`<section id="escalation" aria-labelledby="escalation-h"><h2 id="escalation-h">Escalation</h2>
${
  steps.length
    ? html`<div class="scroll"><table><caption>Escalation plan (pending steps count down)</caption><thead><tr><th scope="col">Step</th><th scope="col">Target</th><th scope="col">Due</th><th scope="col">State</th><th scope="col">Until</th><th scope="col">Note</th></tr></thead><tbody>${stepRows}</tbody></table></div>`
    : html`<p>No escalation plan.</p>`
}
${
  m.pages.length
    ? html`<div class="scroll"><table><caption>Pages</caption><thead><tr><th scope="col">Target</th><th scope="col">Paged</th><th scope="col">PagerDuty</th><th scope="col">Slack</th><th scope="col">Acknowledged</th></tr></thead><tbody>${pageRows}</tbody></table></div>`
    : html`<p>Nobody paged yet.</p>`
}</section>`;
}

/** The latest status updates shown in full; older ones stay in the log. */
const UPDATES_SHOWN = 10;

export function updatesSection(m: IncidentModel): Html {
  const all = m.highlights.filter((e) => e.kind === "status_update");
  const updates = all.slice(-UPDATES_SHOWN).reverse();
  const older = all.length - updates.length;
  return html`<section id="updates" aria-labelledby="updates-h"><h2 id="updates-h">Status updates</h2>
${
  updates.length
    ? html`<ol class="updates" reversed>${updates.map((u) => html`<li><p>${slackText(u.text, m.names)}</p><p class="meta">${actorLabel(u.actor, m.names)}, ${timeEl(u.occurredAt)}</p></li>`)}</ol>`
    : html`<p>No status update yet.</p>`
}${older > 0 ? html`<p>${older} earlier status updates are in the IMOC log.</p>` : ""}</section>`;
}

export function playbooksSection(m: IncidentModel): Html {
  const linked = m.highlights.filter((e) => e.kind === "playbook_linked");
  return html`<section id="playbooks" aria-labelledby="playbooks-h"><h2 id="playbooks-h">Playbooks</h2>
${
  linked.length
    ? html`<ul>${linked.map((e) => html`<li><a href="/playbooks/${encodeURIComponent(String(e.data.playbookId))}">${String(e.data.title ?? e.data.playbookId)}</a></li>`)}</ul>`
    : html`<p>No playbook linked.</p>`
}</section>`;
}

function actions(m: IncidentModel): Html {
  if (!m.canAct) return html``;
  const n = m.incident.id;
  const csrf = html`<input type="hidden" name="_csrf" value="${m.csrf}">`;
  const ack =
    m.incident.status === "declared"
      ? html`<form method="post" action="/console/incidents/${n}/acknowledge" class="inline">${csrf}<button type="submit">Acknowledge</button></form>`
      : "";
  return html`<section id="actions" aria-labelledby="actions-h"><h2 id="actions-h">Act as yourself</h2>${ack}
<form method="post" action="/console/incidents/${n}/note">${csrf}<label for="note-text">Note for the IMOC log</label>
<textarea id="note-text" name="text" rows="2" required></textarea><button type="submit">Add note</button></form>
<form method="post" action="/console/incidents/${n}/update">${csrf}<label for="update-text">Status update (posted in the channel and to the comms audiences)</label>
<textarea id="update-text" name="text" rows="3" required></textarea><button type="submit">Post update</button></form></section>`;
}

/** The page's body; the log is the bulk of it (every event, as one string). */
export function incidentBody(m: IncidentModel): Html {
  const i = m.incident;
  const rows = m.log.map((e) => logRow(e, m.names));
  const firstSeq = m.log[0]?.seq ?? 0;
  const lastSeq = m.log.at(-1)?.seq ?? 0;
  const range =
    m.log.length === m.total ? html`${m.total} events` : html`Events ${firstSeq}–${lastSeq} of ${m.total}`;
  const logNav =
    m.earlierBefore !== null || !m.latest
      ? html`<nav class="pager" aria-label="Pages of the log"><ul class="pager-list">
${m.earlierBefore !== null ? html`<li><a href="/console/incidents/${i.id}?before=${m.earlierBefore}#log-h">Earlier events</a></li>` : ""}
${m.latest ? "" : html`<li><a href="/console/incidents/${i.id}#log-h">Latest events</a></li>`}</ul></nav>`
      : "";
  const flash = m.flash
    ? html`<p class="flash ${m.flash.ok ? "ok" : "error"}" role="${m.flash.ok ? "status" : "alert"}">${m.flash.text}</p>`
    : "";
  return html`<p><a href="/console">All incidents</a></p>
<h1>${incidentRef(i)}: ${i.title}</h1>${flash}
<div class="columns"><div>${summarySection(m)}${actions(m)}${escalationSection(m)}</div>
<div>${updatesSection(m)}
${m.followUps ?? ""}
${playbooksSection(m)}
<section id="exports" aria-labelledby="exports-h"><h2 id="exports-h">Review</h2><ul>
<li><a href="/console/incidents/${i.id}/review.md">Post-incident review (Markdown)</a></li>
<li><a href="/console/incidents/${i.id}/review.json">Post-incident review (JSON, with the hash chain)</a></li></ul></section></div></div>
<section id="log-section" aria-labelledby="log-h"><h2 id="log-h">IMOC log</h2>
${logNav}<div class="scroll"><table id="log"${m.latest ? html` data-live` : ""}><caption>${range}, oldest first${m.latest ? "; new ones appear at the end" : ""}</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Kind</th><th scope="col">Who</th><th scope="col">What</th></tr></thead>
<tbody>${rows}</tbody></table></div>${logNav}</section>`;
}
