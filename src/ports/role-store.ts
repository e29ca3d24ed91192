import type { PendingEvent } from "./incident-store.js";

/** Incident roles besides the commander, who lives on the incident itself (the topic shows it). */
export const ROLES = ["commander", "comms", "scribe"] as const;
export type Role = (typeof ROLES)[number];

export interface RoleAssignment {
  incidentId: number;
  role: Role;
  userId: string;
  assignedAt: Date;
}

export interface DrillRecord {
  incidentId: number;
  playbookId: string | null;
  drilledAt: Date;
  msToAcknowledge: number | null;
  msToMitigate: number | null;
}

export interface RoleStore {
  /** Replaces whoever held the role and appends `event`, in one transaction. */
  assign(assignment: RoleAssignment, event: PendingEvent): void;
  list(incidentId: number): RoleAssignment[];
}

/** Game-day results: the playbooks' "last drilled" comes from here once a drill has run. */
export interface DrillRecords {
  record(records: DrillRecord[]): void;
  lastDrilled(playbookId: string): Date | null;
}
