import { type Incident, incidentRef } from "../../../domain/incident/incident.js";
import { SEVERITY_LABELS } from "../../../domain/incident/severity.js";
import type { Report } from "../../../domain/review/report.js";
import type { WeeklyExtras } from "../../../ports/incident-messages.js";
import { groupSev3 } from "../../../domain/review/weekly-review.js";
import { formatDuration } from "../../../domain/time/duration.js";
import { formatDateTime } from "../../../domain/time/time-zone.js";
import { plain } from "./parts.js";

const ms = (v: number | null) => (v === null ? "–" : formatDuration(v));

/** The Monday message for INCIDENTS_CHANNEL (Slack mrkdwn). */
export function weeklyReviewText(
  report: Report,
  incidents: readonly Incident[],
  zone: string,
  extra: WeeklyExtras = {},
): string {
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
  lines.push(...alertLines(report));
  const groups = groupSev3(incidents);
  if (groups.length) {
    lines.push("*SEV-3 patterns*");
    for (const g of groups) {
      const mark = g.incidents.length > 1 ? " :repeat: recurring" : "";
      lines.push(`• ${g.key}: ${g.incidents.map((i) => `${incidentRef(i)} ${i.title}`).join("; ")}${mark}`);
    }
  }
  const overdue = extra.overduePlaybookUpdates ?? [];
  if (overdue.length) {
    lines.push("*Playbooks awaiting their post-incident update*");
    for (const o of overdue)
      lines.push(
        `• ${o.title} (\`${o.playbookId}\`), owner ${/^[UW][A-Z0-9_]+$/.test(o.owner) ? `<@${o.owner}>` : o.owner}: after ${incidentRef(o.incident)}, asked ${formatDateTime(o.askedAt, zone)}`,
      );
  }
  return lines.join("\n");
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

/** issue 10: mean time to acknowledge (the handbook's measure) and alert actionability. */
function alertLines(report: Report): string[] {
  const lines: string[] = [];
  const acked = report.bySeverity.filter((r) => r.mtta.meanMs !== null);
  if (acked.length) {
    lines.push("*Time to acknowledge* (mean, the handbook's measure; target under 5 min)");
    for (const r of acked) {
      const mark = r.mtta.meanMeetsTarget ? ":white_check_mark:" : ":warning:";
      lines.push(
        `• ${SEVERITY_LABELS[r.severity]}: mean ${ms(r.mtta.meanMs)} ${mark} · median ${ms(r.mtta.medianMs)} · p90 ${ms(r.mtta.p90Ms)} (${r.mtta.n} acknowledged)`,
      );
    }
  }
  const a = report.actionability;
  if (a.overall) {
    const mark = a.overall.meetsTarget ? ":white_check_mark:" : ":warning:";
    lines.push(
      `*Actionability* ${percent(a.overall.rate)} ${mark} of ${a.answers} answer(s) (target above ${percent(a.target)})`,
    );
    for (const r of a.byAlert.slice(0, 10))
      lines.push(
        `• alert ${plain(r.key)}: ${percent(r.rate)} (${r.actionable} actionable, ${r.noise} noise)`,
      );
    for (const r of a.byPlaybook.slice(0, 10))
      lines.push(
        `• playbook ${plain(r.key)}: ${percent(r.rate)} (${r.actionable} actionable, ${r.noise} noise)`,
      );
    if (a.needsTuning.length)
      lines.push(
        `Most in need of tuning: ${a.needsTuning.map((r) => `${plain(r.key)} (${r.noise} noise)`).join(", ")}`,
      );
  }
  return lines;
}
