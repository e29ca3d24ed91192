import {
  IMPACT_LABELS,
  PUBLIC_STATE_LABELS,
  type PublicIncident,
  type StatusPageView,
} from "../../domain/status-page/status-page.js";
import { escapeHtml } from "./markdown.js";

/** Characters XML 1.0 forbids (a pasted control character would make the feed unreadable). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** Text for HTML and XML: escaped (a `<script>` stays text) and without forbidden characters. */
const e = (text: string) => escapeHtml(text.replace(NOT_XML, ""));
const iso = (d: Date) => d.toISOString();
const human = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

const OVERALL: Record<StatusPageView["overall"], string> = {
  operational: "All systems operational",
  minor: "Some services have minor issues",
  degraded_performance: "Some services are degraded",
  major_outage: "Some services are down",
};

function incidentSection(incident: PublicIncident): string {
  const updates = incident.updates
    .map(
      (u) =>
        `<li><p><strong>${PUBLIC_STATE_LABELS[u.state]}</strong> · <time datetime="${iso(u.at)}">${human(u.at)}</time></p><p class="text">${e(u.text)}</p></li>`,
    )
    .join("");
  const state = PUBLIC_STATE_LABELS[incident.state];
  return `<article id="incident-${incident.incidentId}" aria-labelledby="incident-${incident.incidentId}-name">
<h3 id="incident-${incident.incidentId}-name">${e(incident.name)}</h3>
<p>Status: <strong>${state}</strong>${incident.state === "resolved" ? "" : ` · Impact: ${IMPACT_LABELS[incident.impact]}`}</p>
<ol class="updates" aria-label="Updates, newest first">${updates}</ol></article>`;
}

/** `GET /status`: plain, accessible HTML; no script, no external resource, status said in words. */
export function statusPageHtml(view: StatusPageView, title: string): string {
  const open = view.incidents.filter((i) => i.state !== "resolved");
  const past = view.incidents.filter((i) => i.state === "resolved");
  const rows = view.components
    .map(
      (c) =>
        `<tr><th scope="row">${e(c.name)}</th><td class="${c.status}">${IMPACT_LABELS[c.status]}</td></tr>`,
    )
    .join("");
  const components = view.components.length
    ? `<table><caption>Components</caption><thead><tr><th scope="col">Component</th><th scope="col">Status</th></tr></thead><tbody>${rows}</tbody></table>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<link rel="alternate" type="application/atom+xml" title="${e(title)} (Atom)" href="/status.atom">
<link rel="alternate" type="application/json" href="/status.json">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}
.banner{padding:1rem;border:2px solid #1a1a1a;border-radius:.25rem}.text{white-space:pre-line}
table{border-collapse:collapse;width:100%}caption{text-align:left;font-weight:600;padding:.5rem 0}
th,td{border-bottom:1px solid #767676;padding:.4rem .5rem;text-align:left}
.major_outage{color:#a30000}.degraded_performance{color:#8a4b00}.minor{color:#5c5c00}.operational{color:#1e6b1e}
ol.updates{list-style:none;padding-left:0}ol.updates li{border-left:3px solid #767676;padding-left:.75rem;margin:.5rem 0}
a{color:#0b57d0}</style></head>
<body><header><h1>${e(title)}</h1></header>
<main>
<p class="banner" role="status"><strong>${OVERALL[view.overall]}</strong>${view.updatedAt ? ` · last updated <time datetime="${iso(view.updatedAt)}">${human(view.updatedAt)}</time>` : ""}</p>
${components}
<section aria-labelledby="open-heading"><h2 id="open-heading">Current incidents</h2>
${open.length ? open.map(incidentSection).join("\n") : "<p>No incidents right now.</p>"}</section>
<section aria-labelledby="past-heading"><h2 id="past-heading">Resolved in the last 14 days</h2>
${past.length ? past.map(incidentSection).join("\n") : "<p>None.</p>"}</section>
</main>
<footer><p>Follow: <a href="/status.atom">Atom feed</a> · <a href="/status.json">JSON</a></p></footer>
</body></html>`;
}

/** `GET /status.json`: the same view for machines. */
export function statusPageJson(view: StatusPageView, url: string) {
  return {
    page: { url, updatedAt: view.updatedAt?.toISOString() ?? null },
    status: { indicator: view.overall, description: OVERALL[view.overall] },
    components: view.components,
    incidents: view.incidents.map((i) => ({
      id: i.incidentId,
      name: i.name,
      status: i.state,
      impact: i.impact,
      components: i.components,
      createdAt: iso(i.startedAt),
      updatedAt: iso(i.updatedAt),
      resolvedAt: i.resolvedAt ? iso(i.resolvedAt) : null,
      updates: i.updates.map((u) => ({ id: u.id, status: u.state, body: u.text, createdAt: iso(u.at) })),
    })),
  };
}

/** `GET /status.atom`: one entry per publication (RFC 4287). `url` is the page's absolute URL. */
export function statusPageAtom(view: StatusPageView, title: string, url: string, now: Date): string {
  const entries = view.incidents
    .flatMap((i) => i.updates.map((u) => ({ i, u })))
    .sort((a, b) => b.u.at.getTime() - a.u.at.getTime())
    .map(
      ({ i, u }) => `<entry>
<id>${e(`${url}#update-${u.id}`)}</id>
<title>${e(`${i.name}: ${PUBLIC_STATE_LABELS[u.state]}`)}</title>
<updated>${iso(u.at)}</updated>
<link rel="alternate" type="text/html" href="${e(`${url}#incident-${i.incidentId}`)}"/>
<content type="text">${e(u.text)}</content>
</entry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${e(url)}</id>
<title>${e(title)}</title>
<updated>${iso(view.updatedAt ?? now)}</updated>
<author><name>${e(title)}</name></author>
<link rel="self" type="application/atom+xml" href="${e(`${url}.atom`)}"/>
<link rel="alternate" type="text/html" href="${e(url)}"/>
${entries}
</feed>
`;
}
