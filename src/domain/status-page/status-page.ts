import type { IncidentStatus } from "../incident/incident.js";
import type { Severity } from "../incident/severity.js";

/** What customers read about an incident's progress, as public status pages say it. */
export const PUBLIC_STATES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type PublicState = (typeof PUBLIC_STATES)[number];

export const PUBLIC_STATE_LABELS: Record<PublicState, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

const STATE_OF: Record<IncidentStatus, PublicState> = {
  declared: "investigating",
  acknowledged: "identified",
  mitigated: "monitoring",
  resolved: "resolved",
};
export const publicStateOf = (status: IncidentStatus): PublicState => STATE_OF[status];

/** How bad it is for customers; a component shows the worst impact of its open incidents. */
export const IMPACTS = ["major_outage", "degraded_performance", "minor"] as const;
export type Impact = (typeof IMPACTS)[number];
const IMPACT_OF: Record<Severity, Impact> = {
  sev1: "major_outage",
  sev2: "degraded_performance",
  sev3: "minor",
};
export const impactOf = (severity: Severity): Impact => IMPACT_OF[severity];
export const IMPACT_LABELS: Record<Impact | "operational", string> = {
  major_outage: "Major outage",
  degraded_performance: "Degraded performance",
  minor: "Minor issue",
  operational: "Operational",
};

/**
 * One customer-facing update, exactly as a person published it. It carries nothing internal: no
 * incident title, channel, commander or notes; `publishedBy` stays in the record, never on the page.
 */
export interface Publication {
  id: number;
  incidentId: number;
  publishedAt: Date;
  state: PublicState;
  impact: Impact;
  /** Services named in the matrix or the playbooks that the incident affects (may be empty). */
  components: string[];
  text: string;
  publishedBy: string;
}
export type NewPublication = Omit<Publication, "id">;

export interface PublicIncident {
  /** The incident's number (the page shows nothing else of the record). */
  incidentId: number;
  name: string;
  state: PublicState;
  impact: Impact;
  components: string[];
  startedAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  /** Newest first. */
  updates: Array<{ id: number; at: Date; state: PublicState; text: string }>;
}

export interface StatusPageView {
  updatedAt: Date | null;
  overall: Impact | "operational";
  components: Array<{ name: string; status: Impact | "operational" }>;
  /** Open ones first, then the resolved ones, newest first. */
  incidents: PublicIncident[];
}

const RANK: Record<Impact | "operational", number> = {
  operational: 0,
  minor: 1,
  degraded_performance: 2,
  major_outage: 3,
};
const worst = (a: Impact | "operational", b: Impact | "operational") => (RANK[b] > RANK[a] ? b : a);

/** The public name of an incident: its components, never its (internal) title. */
export const publicName = (components: string[]) =>
  components.length ? `${components.join(", ")}: service disruption` : "Service disruption";

/** Resolved incidents stay on the page (and in the feed) this long after their resolution. */
export const HISTORY_MS = 14 * 24 * 3600_000;

/** The page, the JSON and the feed all read this: publications grouped by incident. */
export function buildStatusPage(
  publications: readonly Publication[],
  components: readonly string[],
  now: Date,
): StatusPageView {
  const byIncident = new Map<number, Publication[]>();
  for (const p of publications) byIncident.set(p.incidentId, [...(byIncident.get(p.incidentId) ?? []), p]);
  const incidents: PublicIncident[] = [...byIncident.values()].map((list) => {
    const sorted = [...list].sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime() || a.id - b.id);
    const latest = sorted.at(-1)!;
    const componentsOf = [...new Set(sorted.flatMap((p) => p.components))];
    return {
      incidentId: latest.incidentId,
      name: publicName(componentsOf),
      state: latest.state,
      impact: latest.impact,
      components: componentsOf,
      startedAt: sorted[0]!.publishedAt,
      updatedAt: latest.publishedAt,
      resolvedAt: latest.state === "resolved" ? latest.publishedAt : null,
      updates: sorted.reverse().map((p) => ({ id: p.id, at: p.publishedAt, state: p.state, text: p.text })),
    };
  });
  const open = incidents.filter((i) => i.state !== "resolved");
  const recent = incidents.filter(
    (i) => i.resolvedAt && now.getTime() - i.resolvedAt.getTime() <= HISTORY_MS,
  );
  const statusOf = (name: string) =>
    open
      .filter((i) => i.components.includes(name))
      .reduce<Impact | "operational">((acc, i) => worst(acc, i.impact), "operational");
  const overall = open.reduce<Impact | "operational">((acc, i) => worst(acc, i.impact), "operational");
  const newest = (a: PublicIncident, b: PublicIncident) => b.updatedAt.getTime() - a.updatedAt.getTime();
  const shown = [...open.sort(newest), ...recent.sort(newest)];
  return {
    updatedAt: shown.reduce<Date | null>((at, i) => (!at || i.updatedAt > at ? i.updatedAt : at), null),
    overall,
    components: [...components].sort().map((name) => ({ name, status: statusOf(name) })),
    incidents: shown,
  };
}
