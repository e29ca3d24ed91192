import {
  INCIDENT_STATUSES,
  type Incident,
  incidentRef,
  STATUS_LABELS,
} from "../../../domain/incident/incident.js";
import { SEVERITIES, SEVERITY_LABELS } from "../../../domain/incident/severity.js";
import { type Html, html } from "../html.js";
import { durationBetween, type Names, severityBadge, statusBadge, timeEl, userLabel } from "./format.js";

/** The list's filters as they stand in the URL. */
export interface ListQuery {
  q: string;
  severity: string;
  status: string;
  service: string;
  /** "" (both), "only" or "none". */
  security: string;
  drills: boolean;
  page: number;
}

export interface ListModel {
  query: ListQuery;
  incidents: Incident[];
  total: number;
  pageSize: number;
  services: string[];
  names: Names;
}

/** `/console?...` for these filters (defaults left out, so URLs stay short). */
export function listUrl(q: ListQuery, page = q.page): string {
  const params = new URLSearchParams();
  if (q.q) params.set("q", q.q);
  for (const key of ["severity", "status", "service", "security"] as const)
    if (q[key]) params.set(key, q[key]);
  if (q.drills) params.set("drills", "1");
  if (page > 1) params.set("page", String(page));
  const s = params.toString();
  return s ? `/console?${s}` : "/console";
}

/** One row; also sent over the live stream when the incident changes. */
export function incidentRow(i: Incident, names: Names): Html {
  const tags = [
    i.security ? html` <span class="tag">security</span>` : "",
    i.drill ? html` <span class="tag">drill</span>` : "",
  ];
  return html`<tr id="inc-${i.id}" class="${i.status === "resolved" ? "closed" : "open"}">
<th scope="row"><a href="/console/incidents/${i.id}">${incidentRef(i)}</a></th>
<td>${i.title}${tags}</td><td>${severityBadge(i.severity)}</td><td>${statusBadge(i.status)}</td>
<td>${i.service ?? "—"}</td><td>${userLabel(names, i.commander)}</td>
<td>${timeEl(i.declaredAt)}</td><td>${durationBetween(i.declaredAt, i.acknowledgedAt)}</td></tr>`;
}

const select = (name: string, label: string, value: string, options: Array<[string, string]>) =>
  html`<div class="field"><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}">
${options.map(([v, l]) => html`<option value="${v}"${v === value ? html` selected` : ""}>${l}</option>`)}</select></div>`;

export function listBody(m: ListModel): Html {
  const q = m.query;
  const pages = Math.max(1, Math.ceil(m.total / m.pageSize));
  const first = m.total === 0 ? 0 : (q.page - 1) * m.pageSize + 1;
  const last = Math.min(m.total, q.page * m.pageSize);
  const rows = m.incidents.map((i) => incidentRow(i, m.names));
  const filters = html`<form class="filters" method="get" action="/console" role="search" aria-label="Filter incidents">
<div class="field"><label for="f-q">Title contains</label><input id="f-q" name="q" type="search" value="${q.q}"></div>
${select("severity", "Severity", q.severity, [["", "Any"], ...SEVERITIES.map((s): [string, string] => [s, SEVERITY_LABELS[s]])])}
${select("status", "Status", q.status, [["", "Any"], ...INCIDENT_STATUSES.map((s): [string, string] => [s, STATUS_LABELS[s]])])}
${select("service", "Service", q.service, [["", "Any"], ...m.services.map((s): [string, string] => [s, s])])}
${select("security", "Security", q.security, [
  ["", "Any"],
  ["only", "Security only"],
  ["none", "Not security"],
])}
<div class="field check"><input id="f-drills" name="drills" type="checkbox" value="1"${q.drills ? html` checked` : ""}><label for="f-drills">Show drills</label></div>
<div class="buttons"><button type="submit">Apply filters</button> <a href="/console">Clear</a></div></form>`;
  const pager =
    pages > 1
      ? html`<nav class="pager" aria-label="Pages of incidents"><ul class="pager-list">
<li>${q.page > 1 ? html`<a href="${listUrl(q, q.page - 1)}" rel="prev">Previous page</a>` : html`<span aria-disabled="true">Previous page</span>`}</li>
<li>Page ${q.page} of ${pages}</li>
<li>${q.page < pages ? html`<a href="${listUrl(q, q.page + 1)}" rel="next">Next page</a>` : html`<span aria-disabled="true">Next page</span>`}</li></ul></nav>`
      : "";
  const table = m.incidents.length
    ? html`<div class="scroll"><table id="incidents"><caption>Incidents ${first}–${last} of ${m.total}, open first</caption>
<thead><tr><th scope="col">Incident</th><th scope="col">Title</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Service</th><th scope="col">Commander</th><th scope="col">Declared</th><th scope="col">Time to acknowledge</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
    : html`<p id="incidents">No incidents match these filters.</p>`;
  return html`<h1>Incidents</h1>${filters}<p id="new-incidents" class="notice" hidden></p>${table}${pager}`;
}
