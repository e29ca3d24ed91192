import { formatDuration } from "../../../domain/time/duration.js";
import type { EscalationMatrix } from "../../../domain/escalation/escalation-matrix.js";
import { type Incident, incidentRef } from "../../../domain/incident/incident.js";
import type { PageRecord, StepRecord } from "../../../ports/escalation-store.js";

const ICON = {
  paged: "⏫",
  pending: "⏳",
  running: "🔄",
  skipped: "⏭️",
  failed: ":warning:",
  cancelled: "✖️",
} as const;

/** `/incident escalation`: the current plan first, earlier plans' cancelled steps after. */
export function escalationPlanText(
  incident: Incident,
  steps: StepRecord[],
  pages: PageRecord[],
  matrix: EscalationMatrix,
  now: Date,
): string {
  const t = (d: Date) => `T+${formatDuration(d.getTime() - incident.declaredAt.getTime())}`;
  const name = (id: string) => matrix.targets[id]?.name ?? id;
  if (steps.length === 0)
    return `${incidentRef(incident)} has no escalation steps (the matrix pages nobody for it).`;
  const current = Math.max(...steps.map((s) => s.generation));
  const line = (s: StepRecord) => {
    const page = pages.find((p) => p.target === s.target && p.stepJobId === s.jobId);
    const ack = page?.acknowledgedAt
      ? `, acknowledged after ${formatDuration(page.acknowledgedAt.getTime() - page.claimedAt.getTime())}`
      : "";
    switch (s.state) {
      case "paged":
        return `${ICON.paged} ${t(s.finishedAt ?? s.dueAt)} paged ${name(s.target)}${s.reason ? ` (${s.reason})` : ""}${ack}`;
      case "pending": {
        const until = s.until === "resolved" ? "" : `, unless ${s.until} first`;
        return `${ICON.pending} ${t(s.dueAt)} ${name(s.target)}: pending, in ${formatDuration(s.dueAt.getTime() - now.getTime())}${until}`;
      }
      default:
        return `${ICON[s.state]} ${t(s.dueAt)} ${name(s.target)}: ${s.state}${s.reason ? ` (${s.reason})` : ""}`;
    }
  };
  const now_ = steps.filter((s) => s.generation === current);
  const earlier = steps.filter((s) => s.generation !== current && s.state !== "cancelled");
  const cancelled = steps.filter((s) => s.generation !== current && s.state === "cancelled");
  // The handbook's MTTA target is under 5 minutes; show how this incident is doing against it.
  const mtta = incident.acknowledgedAt
    ? ` · acknowledged after ${formatDuration(incident.acknowledgedAt.getTime() - incident.declaredAt.getTime())} (target < 5m)`
    : "";
  const parts = [`*Escalation of ${incidentRef(incident)}* (plan ${current})${mtta}`, ...now_.map(line)];
  if (earlier.length) parts.push("_Earlier plans_", ...earlier.map(line));
  if (cancelled.length) parts.push(`_${cancelled.length} step(s) of earlier plans cancelled by a re-plan_`);
  return parts.join("\n");
}
