import { and, asc, count, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import type { Clock } from "../../ports/clock.js";
import type { TimelineLog } from "../../ports/timeline-log.js";
import type { Db } from "./client.js";
import { incidents, timelineEvents } from "./schema.js";
import { toIncident } from "./sqlite-incident-store.js";
import { appendEvent, toEvent } from "./timeline-rows.js";

export function createSqliteTimelineLog(db: Db, clock: Clock): TimelineLog {
  const recordedOf = (tx: Db, incidentId: number | null, channelId: string, ts: string) =>
    tx
      .select()
      .from(timelineEvents)
      .where(
        and(
          incidentId === null ? undefined : eq(timelineEvents.incidentId, incidentId),
          eq(timelineEvents.kind, "message_recorded"),
          eq(timelineEvents.sourceChannelId, channelId),
          eq(timelineEvents.sourceMessageTs, ts),
        ),
      )
      .orderBy(asc(timelineEvents.id))
      .limit(1)
      .get();

  return {
    recordMessageOnce(event) {
      return db.transaction((tx) => {
        const existing = recordedOf(tx, event.incidentId, event.source.channelId, event.source.messageTs);
        if (existing) return { event: toEvent(existing), created: false };
        return { event: appendEvent(tx, clock, event), created: true };
      });
    },
    findRecordedMessage(channelId, messageTs) {
      const row = recordedOf(db, null, channelId, messageTs);
      return row ? toEvent(row) : null;
    },
    findIncidents(q) {
      const conditions: Array<SQL | undefined> = [
        q.status ? eq(incidents.status, q.status) : undefined,
        q.severity ? eq(incidents.severity, q.severity) : undefined,
        q.from ? gte(incidents.declaredAt, q.from) : undefined,
        q.to ? lt(incidents.declaredAt, q.to) : undefined,
        q.includeSecurity ? undefined : eq(incidents.security, false),
        q.includeDrills === false ? eq(incidents.drill, false) : undefined,
      ];
      const where = and(...conditions);
      const rows = db
        .select()
        .from(incidents)
        .where(where)
        .orderBy(asc(incidents.id))
        .limit(q.limit)
        .offset(q.offset)
        .all();
      const total = db.select({ n: count() }).from(incidents).where(where).get()?.n ?? 0;
      return { incidents: rows.map(toIncident), total };
    },
    eventsOf(incidentIds, kinds) {
      if (incidentIds.length === 0) return [];
      return db
        .select()
        .from(timelineEvents)
        .where(
          and(
            inArray(timelineEvents.incidentId, incidentIds),
            kinds ? inArray(timelineEvents.kind, kinds) : undefined,
          ),
        )
        .orderBy(asc(timelineEvents.incidentId), asc(timelineEvents.seq))
        .all()
        .map(toEvent);
    },
  };
}
