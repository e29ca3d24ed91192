import type { Incident, IncidentStatus } from "../domain/incident/incident.js";
import type { Severity } from "../domain/incident/severity.js";
import type { NewTimelineEvent, TimelineEvent } from "../domain/timeline/timeline-event.js";

export interface IncidentQuery {
  status?: IncidentStatus;
  severity?: Severity;
  /** Declared at or after / before (exclusive). */
  from?: Date;
  to?: Date;
  includeSecurity: boolean;
  includeDrills?: boolean;
  limit: number;
  offset: number;
}

/**
 * What the IMOC log offers beyond appending: once-only recording of Slack messages, finding the
 * record of a message, and the read queries of exports, the REST API and reports.
 */
export interface TimelineLog {
  /**
   * Appends a `message_recorded` event unless this message is already recorded for the incident;
   * the check and the write share one transaction, so two pins at the same moment record once.
   */
  recordMessageOnce(event: NewTimelineEvent & { source: NonNullable<NewTimelineEvent["source"]> }): {
    event: TimelineEvent;
    created: boolean;
  };
  /** The `message_recorded` event of a Slack message, if it was recorded. */
  findRecordedMessage(channelId: string, messageTs: string): TimelineEvent | null;
  findIncidents(query: IncidentQuery): { incidents: Incident[]; total: number };
  /** Events of several incidents in one read (reports), by incident then seq. */
  eventsOf(incidentIds: number[], kinds?: string[]): TimelineEvent[];
}
