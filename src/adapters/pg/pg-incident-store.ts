import { incidentRef, type Incident } from "../../domain/incident/incident.js";
import type { NewTimelineEvent, TimelineEvent } from "../../domain/timeline/timeline-event.js";
import type { Clock } from "../../ports/clock.js";
import type {
  IncidentCount,
  IncidentPatch,
  IncidentStore,
  PendingEvent,
  Timeline,
} from "../../ports/incident-store.js";
import { toIncident } from "../db/sqlite-incident-store.js";
import {
  chainNext,
  EVENT_COLUMNS,
  fromRaw,
  INSERT_EVENT_COLUMNS,
  insertValues,
  type RawEventRow,
} from "../db/timeline-rows.js";
import { setContextIncident } from "../observability/context.js";
import { assignments, columnsOf, insertInto } from "./pg-rows.js";
import { incidents } from "./schema.js";
import type { SyncPg } from "./sync-pg.js";

type IncidentRow = Parameters<typeof toIncident>[0];

const INCIDENT = columnsOf(incidents, ["createdAt", "updatedAt"]);

/**
 * Takes the incident's row lock until the transaction ends. Every write to an incident's log
 * (and every read-then-write of the incident) takes it first, so two replicas appending to one
 * incident queue up and each reads the other's last seq and hash. `for no key update` is the lock
 * an UPDATE of the row takes itself: a transaction that updates the incident and appends (in
 * either order) holds one lock, never two, and inserts elsewhere that only reference the incident
 * (pages, Slack jobs) are not held up. Returns whether the incident exists.
 */
export function lockIncident(db: SyncPg, incidentId: number): boolean {
  return db.one("select 1 from incidents where id = $1 for no key update", [incidentId]) !== null;
}

/**
 * The one write path of the IMOC log on PostgreSQL; must run inside a transaction. The lock
 * makes reading the last seq and hash and writing the next one atomic across processes (without
 * it two replicas read the same head and collide on (incident, seq): test/contract/chain-concurrency).
 */
export function appendPgEvent(db: SyncPg, clock: Clock, event: NewTimelineEvent): TimelineEvent {
  // Outside a transaction the lock would be released as soon as it is taken.
  if (!db.inTransaction()) throw new Error("appendPgEvent must run inside db.transaction()");
  lockIncident(db, event.incidentId);
  const previous = db.one<{ seq: number; hash: string }>(
    "select seq, hash from timeline_events where incident_id = $1 order by seq desc limit 1",
    [event.incidentId],
  );
  const next = chainNext(clock, event, previous);
  const row = db.one<{ id: number }>(
    `insert into timeline_events (${INSERT_EVENT_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
    insertValues(next),
  );
  return { id: (row as { id: number }).id, ...next };
}

interface PgEventRow {
  id: number;
  incident_id: number;
  seq: number;
  occurred_at: Date;
  recorded_at: Date;
  kind: string;
  actor: string;
  text: string;
  data: string;
  source_channel_id: string | null;
  source_message_ts: string | null;
  source_permalink: string | null;
  prev_hash?: string;
  hash?: string;
}

/** Events selected with EVENT_COLUMNS (and `prev_hash, hash`), read as the SQLite store reads them. */
export function fromPgEvent(r: PgEventRow): TimelineEvent {
  const raw: RawEventRow = [
    r.id,
    r.incident_id,
    r.seq,
    r.occurred_at,
    r.recorded_at,
    r.kind,
    r.actor,
    r.text,
    r.data,
    r.source_channel_id,
    r.source_message_ts,
    r.source_permalink,
  ];
  if (r.hash !== undefined) raw.push(r.prev_hash, r.hash);
  return fromRaw(raw);
}

/** The columns `fromPgEvent` reads, with the hashes. */
export const PG_EVENT_COLUMNS = `${EVENT_COLUMNS}, prev_hash, hash`;

/** PostgreSQL incidents and IMOC log (the SQLite store's twin, on a synchronous connection). */
export function createPgStores(db: SyncPg, clock: Clock): { incidents: IncidentStore; timeline: Timeline } {
  const getRow = (id: number, lock = "") =>
    db.one<IncidentRow>(`select ${INCIDENT} from incidents where id = $1${lock}`, [id]);

  function applyUpdate(id: number, patch: IncidentPatch, event: PendingEvent | null): Incident {
    const set = assignments(incidents, { ...patch, updatedAt: clock.now() }, 2);
    const row = db.one<IncidentRow>(`update incidents set ${set.sql} where id = $1 returning ${INCIDENT}`, [
      id,
      ...set.params,
    ]);
    if (!row) throw new Error(`incident ${id} does not exist`);
    if (event) appendPgEvent(db, clock, { ...event, incidentId: id });
    return toIncident(row);
  }

  const incidentStore: IncidentStore = {
    create(input, event) {
      const created = db.transaction(() => {
        const insert = insertInto(incidents, input);
        const row = db.one<IncidentRow>(`${insert.sql} returning ${INCIDENT}`, insert.params);
        const incident = toIncident(row as IncidentRow);
        appendPgEvent(db, clock, { ...event(incident), incidentId: incident.id });
        return incident;
      });
      // The request that declared it is now about it: its later log lines (the first page) say so.
      setContextIncident(incidentRef(created));
      return created;
    },
    get(id) {
      const row = getRow(id);
      return row ? toIncident(row) : null;
    },
    findByChannel(channelId) {
      const row = db.one<IncidentRow>(`select ${INCIDENT} from incidents where channel_id = $1`, [channelId]);
      return row ? toIncident(row) : null;
    },
    update(id, patch, event) {
      return db.transaction(() => applyUpdate(id, patch, event));
    },
    updateWith(id, decide) {
      // The row lock makes `decide` see the other replica's change: two people resolving at the
      // same moment on two replicas record one resolution.
      return db.transaction(() => {
        const row = getRow(id, " for no key update");
        const change = row ? decide(toIncident(row)) : null;
        return change ? applyUpdate(id, change.patch, change.event) : null;
      });
    },
    list(filter = {}) {
      const rows = filter.status
        ? db.query<IncidentRow>(`select ${INCIDENT} from incidents where status = $1 order by id`, [
            filter.status,
          ])
        : db.query<IncidentRow>(`select ${INCIDENT} from incidents order by id`);
      return rows.map(toIncident);
    },
    countOpen() {
      return db.query<{ severity: Incident["severity"]; drill: boolean; count: number }>(
        "select severity, drill, count(*) as count from incidents where status <> 'resolved' group by severity, drill order by severity, drill",
      );
    },
    countBySeverityAndStatus() {
      return db.query<IncidentCount>(
        "select severity, status, count(*) as count from incidents where drill = false group by severity, status order by severity, status",
      );
    },
  };

  const timeline: Timeline = {
    append(event) {
      return db.transaction(() => appendPgEvent(db, clock, event));
    },
    list(incidentId, options) {
      const columns = options?.hashes === false ? EVENT_COLUMNS : PG_EVENT_COLUMNS;
      return db
        .query<PgEventRow>(`select ${columns} from timeline_events where incident_id = $1 order by seq`, [
          incidentId,
        ])
        .map(fromPgEvent);
    },
    headHash(incidentId) {
      return (
        db.one<{ hash: string }>(
          "select hash from timeline_events where incident_id = $1 order by seq desc limit 1",
          [incidentId],
        )?.hash ?? null
      );
    },
  };

  return { incidents: incidentStore, timeline };
}
