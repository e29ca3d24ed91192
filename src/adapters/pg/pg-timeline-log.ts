import type { Clock } from "../../ports/clock.js";
import type { TimelineLog } from "../../ports/timeline-log.js";
import { toIncident } from "../db/sqlite-incident-store.js";
import { appendPgEvent, fromPgEvent, lockIncident, PG_EVENT_COLUMNS } from "./pg-incident-store.js";
import { columnsOf } from "./pg-rows.js";
import { incidents } from "./schema.js";
import type { SyncPg } from "./sync-pg.js";

type IncidentRow = Parameters<typeof toIncident>[0];
type EventRow = Parameters<typeof fromPgEvent>[0];

/** The SQLite log's twin. Every comparison is `=` (case-sensitive in both databases): no LIKE. */
export function createPgTimelineLog(db: SyncPg, clock: Clock): TimelineLog {
  const recordedOf = (incidentId: number | null, channelId: string, ts: string) =>
    db.one<EventRow>(
      `select ${PG_EVENT_COLUMNS} from timeline_events where ${incidentId === null ? "" : "incident_id = $3 and "}kind = 'message_recorded' and source_channel_id = $1 and source_message_ts = $2 order by id limit 1`,
      incidentId === null ? [channelId, ts] : [channelId, ts, incidentId],
    );

  return {
    recordMessageOnce(event) {
      return db.transaction(() => {
        // Lock, then check: a second replica pinning the same message waits here and finds it.
        lockIncident(db, event.incidentId);
        const existing = recordedOf(event.incidentId, event.source.channelId, event.source.messageTs);
        if (existing) return { event: fromPgEvent(existing), created: false };
        return { event: appendPgEvent(db, clock, event), created: true };
      });
    },
    findRecordedMessage(channelId, messageTs) {
      const row = recordedOf(null, channelId, messageTs);
      return row ? fromPgEvent(row) : null;
    },
    findIncidents(q) {
      const conditions: string[] = [];
      const params: unknown[] = [];
      const where = (sql: string, value?: unknown) => {
        if (value !== undefined) params.push(value);
        conditions.push(sql.replace("?", `$${params.length}`));
      };
      if (q.status) where("status = ?", q.status);
      if (q.severity) where("severity = ?", q.severity);
      if (q.from) where("declared_at >= ?", q.from);
      if (q.to) where("declared_at < ?", q.to);
      if (!q.includeSecurity) where("security = false");
      if (q.includeDrills === false) where("drill = false");
      const filter = conditions.length ? ` where ${conditions.join(" and ")}` : "";
      const rows = db.query<IncidentRow>(
        `select ${columnsOf(incidents, ["createdAt", "updatedAt"])} from incidents${filter} order by id limit $${params.length + 1} offset $${params.length + 2}`,
        [...params, q.limit, q.offset],
      );
      const total = db.one<{ n: number }>(`select count(*) as n from incidents${filter}`, params)?.n ?? 0;
      return { incidents: rows.map(toIncident), total };
    },
    eventsOf(incidentIds, kinds) {
      if (incidentIds.length === 0) return [];
      return db
        .query<EventRow>(
          `select ${PG_EVENT_COLUMNS} from timeline_events where incident_id = any($1::int[])${kinds ? " and kind = any($2::text[])" : ""} order by incident_id, seq`,
          kinds ? [incidentIds, kinds] : [incidentIds],
        )
        .map(fromPgEvent);
    },
  };
}
