import type { Incident, IncidentStatus } from "../domain/incident/incident.js";
import type { Severity } from "../domain/incident/severity.js";
import type { TimelineEvent } from "../domain/timeline/timeline-event.js";

export type ConsoleRole = "viewer" | "responder" | "admin";

export interface ConsoleSession {
  userId: string;
  role: ConsoleRole;
  /** Sent back in a hidden field of every form; a POST without it is refused. */
  csrf: string;
  expiresAt: Date;
}

/** The console's list filters; all of them are applied in SQL. */
export interface ConsoleIncidentFilter {
  severity?: Severity;
  status?: IncidentStatus;
  service?: string;
  /** true: security incidents only; false: none; undefined: both (those the viewer may see). */
  security?: boolean;
  includeDrills: boolean;
  /** Words of the title (case-insensitive substring). */
  search?: string;
  /** Which security incidents the reader may see: all, or only these ids. */
  visibleSecurity: "all" | number[];
  limit: number;
  offset: number;
}

/**
 * What the incident console keeps and reads: one-time sign-in links, sessions (secrets stored as
 * SHA-256 only), the paged incident list, and the IMOC log after an event id (live updates).
 */
export interface ConsoleStore {
  addLoginToken(tokenHash: string, userId: string, createdAt: Date, expiresAt: Date): void;
  /** Marks the token used and returns its user, once; null when unknown, used or expired. */
  redeemLoginToken(tokenHash: string, now: Date): string | null;
  addSession(idHash: string, session: ConsoleSession, createdAt: Date): void;
  /** The live session, or null (unknown or expired). */
  session(idHash: string, now: Date): ConsoleSession | null;
  deleteSession(idHash: string): void;
  /** Open incidents first, then the newest. */
  listIncidents(filter: ConsoleIncidentFilter): { incidents: Incident[]; total: number };
  /** Services named by any incident, for the filter's choices. */
  services(): string[];
  /** Security incidents and their channels (to check a viewer's membership). */
  securityChannels(): Array<{ id: number; channelId: string | null }>;
  /** Events with an id above `afterId`, in id order, at most `limit`; of one incident when given. */
  eventsAfter(afterId: number, limit: number, incidentId?: number): TimelineEvent[];
  /**
   * A page of one incident's log, oldest first: the `limit` events before `beforeId` (the latest
   * ones without it); `total` counts the whole log, `lastId` is its newest event (0: none).
   */
  logPage(
    incidentId: number,
    limit: number,
    beforeId?: number,
  ): { events: TimelineEvent[]; total: number; lastId: number };
  /** The highest event id so far (0 when the log is empty). */
  lastEventId(): number;
}
