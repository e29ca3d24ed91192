import type { Incident } from "../domain/incident/incident.js";
import type { NewTimelineEvent, TimelineEvent } from "../domain/timeline/timeline-event.js";

export interface NewIncident {
  title: string;
  description: string | null;
  severity: Incident["severity"];
  security: boolean;
  drill?: boolean;
  service?: string | null;
  declaredBy: string;
  declaredAt: Date;
}

export type IncidentPatch = Partial<
  Pick<
    Incident,
    | "title"
    | "severity"
    | "security"
    | "service"
    | "status"
    | "channelId"
    | "channelName"
    | "commander"
    | "acknowledgedAt"
    | "mitigatedAt"
    | "resolvedAt"
    | "resolutionSummary"
  >
>;

export interface IncidentChange {
  patch: IncidentPatch;
  event: PendingEvent | null;
}

/** Timeline events without an incident id yet: the store fills it in. */
export type PendingEvent = Omit<NewTimelineEvent, "incidentId">;

/**
 * Incidents and their IMOC log. Writes that change an incident take the timeline event that
 * explains the change, and store both in one transaction: the record never disagrees with itself.
 */
export interface IncidentStore {
  create(input: NewIncident, event: (incident: Incident) => PendingEvent): Incident;
  get(id: number): Incident | null;
  findByChannel(channelId: string): Incident | null;
  /** Applies `patch` and appends `event` atomically; returns the updated incident. */
  update(id: number, patch: IncidentPatch, event: PendingEvent | null): Incident;
  /**
   * Reads the incident and lets `decide` return the change (or null for none) inside one
   * transaction, so two people resolving at the same moment record one resolution.
   * Returns the updated incident, or null when `decide` declined or the incident does not exist.
   */
  updateWith(id: number, decide: (current: Incident) => IncidentChange | null): Incident | null;
  list(filter?: { status?: Incident["status"] }): Incident[];
  /** Incidents per severity and status, drills left out; combinations with none are absent. */
  countBySeverityAndStatus(): IncidentCount[];
  /** Incidents not yet resolved, per severity, drills counted apart (`drill`). */
  countOpen(): Array<{ severity: Incident["severity"]; drill: boolean; count: number }>;
}

export interface IncidentCount {
  severity: Incident["severity"];
  status: Incident["status"];
  count: number;
}

export interface Timeline {
  append(event: NewTimelineEvent): TimelineEvent;
  /** In seq order; `hashes: false` leaves out prevHash/hash (faster for whole-log exports). */
  list(incidentId: number, options?: { hashes?: boolean }): TimelineEvent[];
  /** The hash of the incident's last event (null: no events). */
  headHash?(incidentId: number): string | null;
}
