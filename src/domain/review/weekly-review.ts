import { formatDuration } from "../time/duration.js";
import { type Incident, incidentRef } from "../incident/incident.js";
import type { Report } from "./report.js";
import { SEVERITY_LABELS } from "../incident/severity.js";
import { formatDateTime } from "../time/time-zone.js";

const STOP = new Set([
  "the",
  "and",
  "for",
  "with",
  "from",
  "returns",
  "some",
  "slow",
  "error",
  "errors",
  "failing",
  "fails",
]);

/** SEV-3s group by service when known, else by the first telling word of the title. */
export function patternKey(incident: Pick<Incident, "service" | "title">): string {
  if (incident.service) return incident.service.toLowerCase();
  const words = incident.title.toLowerCase().match(/[a-z0-9][a-z0-9-]{2,}/g) ?? [];
  return words.find((w) => !STOP.has(w)) ?? "other";
}

export function groupSev3(incidents: readonly Incident[]): Array<{ key: string; incidents: Incident[] }> {
  const groups = new Map<string, Incident[]>();
  for (const i of incidents) {
    if (i.severity !== "sev3" || i.drill) continue;
    const key = patternKey(i);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups.entries()]
    .map(([key, list]) => ({ key, incidents: list }))
    .sort((a, b) => b.incidents.length - a.incidents.length || a.key.localeCompare(b.key));
}

const ms = (v: number | null) => (v === null ? "–" : formatDuration(v));

/** The Monday message for INCIDENTS_CHANNEL (Slack mrkdwn). */
export function weeklyReviewText(report: Report, incidents: readonly Incident[], zone: string): string {
  const lines = [
    `:bar_chart: *Weekly incident review* ${formatDateTime(report.from, zone)} → ${formatDateTime(report.to, zone)}`,
    `${report.total} incident(s)${report.drillsExcluded ? `, ${report.drillsExcluded} drill(s) left out` : ""}; pages sent ${report.pages.sent}, acknowledged ${report.pages.acknowledged}.`,
  ];
  for (const r of report.bySeverity) {
    if (!r.count) continue;
    const flag = r.mtta.meetsTarget === false ? " :warning: over the 5 min MTTA target" : "";
    lines.push(
      `• ${SEVERITY_LABELS[r.severity]}: ${r.count} · MTTA median ${ms(r.mtta.medianMs)} (p90 ${ms(r.mtta.p90Ms)})${flag} · MTTR median ${ms(r.mttr.medianMs)} (p90 ${ms(r.mttr.p90Ms)})`,
    );
  }
  const groups = groupSev3(incidents);
  if (groups.length) {
    lines.push("*SEV-3 patterns*");
    for (const g of groups) {
      const mark = g.incidents.length > 1 ? " :repeat: recurring" : "";
      lines.push(`• ${g.key}: ${g.incidents.map((i) => `${incidentRef(i)} ${i.title}`).join("; ")}${mark}`);
    }
  }
  return lines.join("\n");
}
