import type { Severity } from "./severity.js";

export const INCIDENT_STATUSES = ["declared", "acknowledged", "mitigated", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const STATUS_LABELS: Record<IncidentStatus, string> = {
  declared: "Investigating",
  acknowledged: "Acknowledged",
  mitigated: "Mitigated",
  resolved: "Resolved",
};

export interface Incident {
  /** Sequential incident number, shown to people as `INC-42`. */
  id: number;
  title: string;
  description: string | null;
  severity: Severity;
  security: boolean;
  /** A game-day drill: the full flow, but pages go to Slack only and reports leave it out. */
  drill: boolean;
  /** The affected service, when known; playbooks are matched on it. */
  service: string | null;
  status: IncidentStatus;
  channelId: string | null;
  channelName: string | null;
  declaredBy: string;
  commander: string | null;
  declaredAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  resolutionSummary: string | null;
}

export function incidentRef(incident: Pick<Incident, "id">): string {
  return `INC-${incident.id}`;
}
