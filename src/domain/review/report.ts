import type { Incident } from "../incident/incident.js";
import { SEVERITIES, type Severity } from "../incident/severity.js";
import type { TimelineEvent } from "../timeline/timeline-event.js";
import { type ActionabilityReport, type AlertFeedback, actionability } from "../alerts/actionability.js";

/** The handbook's quality gate: mean time to acknowledgement under 5 minutes. */
export const MTTA_TARGET_MS = 5 * 60_000;

export interface Stat {
  n: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface SeverityReport {
  severity: Severity;
  count: number;
  mtta: Stat & {
    targetMs: number;
    meetsTarget: boolean | null;
    overTarget: number;
    /** issue 10: the handbook's measure is the mean; `meanMeetsTarget` judges it against 5 min. */
    meanMs: number | null;
    meanMeetsTarget: boolean | null;
  };
  mttr: Stat;
  pages: { sent: number; acknowledged: number };
}

export interface Report {
  from: Date;
  to: Date;
  total: number;
  drillsExcluded: number;
  bySeverity: SeverityReport[];
  pages: { sent: number; acknowledged: number };
  /** issue 10: Actionable / Noise answers per alert name and playbook, against the handbook's 80%. */
  actionability: ActionabilityReport;
}

export const mean = (values: readonly number[]): number | null =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;

/** Median, and p90 by nearest rank: with few incidents a real observed value beats interpolation. */
export function stat(values: number[]): Stat {
  if (values.length === 0) return { n: 0, medianMs: null, p90Ms: null };
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  const p90 = s[Math.max(0, Math.ceil(0.9 * s.length) - 1)]!;
  return { n: s.length, medianMs: median, p90Ms: p90 };
}

/**
 * Counts, MTTA (declared → acknowledged) and MTTR (declared → resolved) per severity, and pages
 * sent vs. acknowledged. Drills are game days, not incidents: they are counted out, not in.
 */
export function buildReport(
  range: { from: Date; to: Date },
  incidents: readonly Incident[],
  pageEvents: readonly TimelineEvent[],
  feedback: readonly AlertFeedback[] = [],
): Report {
  const real = incidents.filter((i) => !i.drill);
  const realIds = new Set(real.map((i) => i.id));
  const severityOf = new Map(real.map((i) => [i.id, i.severity]));
  const pages = (sev?: Severity) => {
    const mine = pageEvents.filter(
      (e) => realIds.has(e.incidentId) && (!sev || severityOf.get(e.incidentId) === sev),
    );
    return {
      sent: mine.filter((e) => e.kind === "page_sent").length,
      acknowledged: mine.filter((e) => e.kind === "page_acknowledged").length,
    };
  };
  const bySeverity = SEVERITIES.map((severity): SeverityReport => {
    const mine = real.filter((i) => i.severity === severity);
    const ackMs = mine.flatMap((i) =>
      i.acknowledgedAt ? [i.acknowledgedAt.getTime() - i.declaredAt.getTime()] : [],
    );
    const resolveMs = mine.flatMap((i) =>
      i.resolvedAt ? [i.resolvedAt.getTime() - i.declaredAt.getTime()] : [],
    );
    const mtta = stat(ackMs);
    const meanMs = mean(ackMs);
    return {
      severity,
      count: mine.length,
      mtta: {
        ...mtta,
        targetMs: MTTA_TARGET_MS,
        meetsTarget: mtta.medianMs === null ? null : mtta.medianMs <= MTTA_TARGET_MS,
        overTarget: ackMs.filter((ms) => ms > MTTA_TARGET_MS).length,
        meanMs,
        meanMeetsTarget: meanMs === null ? null : meanMs <= MTTA_TARGET_MS,
      },
      mttr: stat(resolveMs),
      pages: pages(severity),
    };
  });
  return {
    from: range.from,
    to: range.to,
    total: real.length,
    drillsExcluded: incidents.length - real.length,
    bySeverity,
    pages: pages(),
    actionability: actionability(feedback),
  };
}
