import type { Incident } from "../../domain/incident/incident.js";
import { buildReport, type Report } from "../../domain/review/report.js";
import type { TimelineLog } from "../../ports/timeline-log.js";

/** Incidents declared in [from, to), drills counted out; security ones only when allowed. */
export function reportFor(
  log: TimelineLog,
  range: { from: Date; to: Date },
  includeSecurity: boolean,
): { report: Report; incidents: Incident[] } {
  const { incidents } = log.findIncidents({ ...range, includeSecurity, limit: 100_000, offset: 0 });
  const pages = log.eventsOf(
    incidents.map((i) => i.id),
    ["page_sent", "page_acknowledged"],
  );
  return { report: buildReport(range, incidents, pages), incidents };
}
