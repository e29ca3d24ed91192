import { and, asc, eq, max } from "drizzle-orm";
import type { Incident } from "../../domain/incident.js";
import type { NewTimelineEvent, TimelineEvent, TimelineKind } from "../../domain/timeline-event.js";
import type { Clock } from "../../ports/clock.js";
import type {
  IncidentPatch,
  IncidentStore,
  NewIncident,
  PendingEvent,
  Timeline,
} from "../../ports/incident-store.js";
import type { Db } from "./client.js";
import { incidents, timelineEvents } from "./schema.js";

type IncidentRow = typeof incidents.$inferSelect;
type EventRow = typeof timelineEvents.$inferSelect;

function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    severity: row.severity,
    security: row.security,
    drill: row.drill,
    service: row.service,
    status: row.status,
    channelId: row.channelId,
    channelName: row.channelName,
    declaredBy: row.declaredBy,
    commander: row.commander,
    declaredAt: row.declaredAt,
    acknowledgedAt: row.acknowledgedAt,
    mitigatedAt: row.mitigatedAt,
    resolvedAt: row.resolvedAt,
    resolutionSummary: row.resolutionSummary,
  };
}

function toEvent(row: EventRow): TimelineEvent {
  return {
    id: row.id,
    incidentId: row.incidentId,
    seq: row.seq,
    kind: row.kind as TimelineKind,
    occurredAt: row.occurredAt,
    recordedAt: row.recordedAt,
    actor: row.actor,
    text: row.text,
    data: row.data,
    source: row.sourceChannelId
      ? {
          channelId: row.sourceChannelId,
          messageTs: row.sourceMessageTs ?? "",
          permalink: row.sourcePermalink,
        }
      : null,
  };
}

/** SQLite-backed incidents and IMOC log. better-sqlite3 is synchronous, so transactions are too. */
export function createSqliteStores(db: Db, clock: Clock): { incidents: IncidentStore; timeline: Timeline } {
  // Must run inside a transaction: the next sequence number is read and used atomically.
  function appendEvent(tx: Db, event: NewTimelineEvent): TimelineEvent {
    const last = tx
      .select({ seq: max(timelineEvents.seq) })
      .from(timelineEvents)
      .where(eq(timelineEvents.incidentId, event.incidentId))
      .get();
    const row = tx
      .insert(timelineEvents)
      .values({
        incidentId: event.incidentId,
        seq: (last?.seq ?? 0) + 1,
        occurredAt: event.occurredAt,
        recordedAt: clock.now(),
        kind: event.kind,
        actor: event.actor,
        text: event.text,
        data: event.data ?? {},
        sourceChannelId: event.source?.channelId ?? null,
        sourceMessageTs: event.source?.messageTs ?? null,
        sourcePermalink: event.source?.permalink ?? null,
      })
      .returning()
      .get();
    return toEvent(row);
  }

  const getRow = (tx: Db, id: number) => tx.select().from(incidents).where(eq(incidents.id, id)).get();

  function applyUpdate(tx: Db, id: number, patch: IncidentPatch, event: PendingEvent | null): Incident {
    const row = tx
      .update(incidents)
      .set({ ...patch, updatedAt: clock.now() })
      .where(eq(incidents.id, id))
      .returning()
      .get();
    if (!row) throw new Error(`incident ${id} does not exist`);
    if (event) appendEvent(tx, { ...event, incidentId: id });
    return toIncident(row);
  }

  const incidentStore: IncidentStore = {
    create(input: NewIncident, event) {
      return db.transaction((tx) => {
        const row = tx.insert(incidents).values(input).returning().get();
        const incident = toIncident(row);
        appendEvent(tx, { ...event(incident), incidentId: incident.id });
        return incident;
      });
    },
    get(id) {
      const row = getRow(db, id);
      return row ? toIncident(row) : null;
    },
    findByChannel(channelId) {
      const row = db.select().from(incidents).where(eq(incidents.channelId, channelId)).get();
      return row ? toIncident(row) : null;
    },
    update(id, patch, event) {
      return db.transaction((tx) => applyUpdate(tx, id, patch, event));
    },
    updateWith(id, decide) {
      return db.transaction((tx) => {
        const row = getRow(tx, id);
        const change = row ? decide(toIncident(row)) : null;
        return change ? applyUpdate(tx, id, change.patch, change.event) : null;
      });
    },
    list(filter = {}) {
      const rows = db
        .select()
        .from(incidents)
        .where(filter.status ? eq(incidents.status, filter.status) : undefined)
        .orderBy(asc(incidents.id))
        .all();
      return rows.map(toIncident);
    },
  };

  const timeline: Timeline = {
    append(event) {
      return db.transaction((tx) => appendEvent(tx, event));
    },
    list(incidentId) {
      return db
        .select()
        .from(timelineEvents)
        .where(and(eq(timelineEvents.incidentId, incidentId)))
        .orderBy(asc(timelineEvents.seq))
        .all()
        .map(toEvent);
    },
  };

  return { incidents: incidentStore, timeline };
}
