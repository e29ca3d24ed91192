import type { Incident } from "../../domain/incident/incident.js";
import { buildReport, type Report } from "../../domain/review/report.js";
import type { AlertStore } from "../../ports/alert-store.js";
import type { TimelineLog } from "../../ports/timeline-log.js";

/** Incidents declared in [from, to), drills counted out; security ones only when allowed. */
export function reportFor(
  log: TimelineLog,
  range: { from: Date; to: Date },
  includeSecurity: boolean,
  alerts?: Pick<AlertStore, "answersBetween">,
): { report: Report; incidents: Incident[] } {
  const { incidents } = log.findIncidents({ ...range, includeSecurity, limit: 100_000, offset: 0 });
  const pages = log.eventsOf(
    incidents.map((i) => i.id),
    ["page_sent", "page_acknowledged"],
  );
  // Actionable / Noise answers given in the range (issue 10).
  const feedback = (alerts?.answersBetween(range, includeSecurity) ?? []).map((a) => ({
    alertname: a.alertname,
    playbook: a.playbookId,
    verdict: a.verdict,
  }));
  return { report: buildReport(range, incidents, pages, feedback), incidents };
}
