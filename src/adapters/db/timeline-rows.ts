import type BetterSqlite3 from "better-sqlite3";
import type { Statement } from "better-sqlite3";
import { GENESIS_HASH, hashEvent } from "../../domain/timeline/timeline-chain.js";
import type { NewTimelineEvent, TimelineEvent, TimelineKind } from "../../domain/timeline/timeline-event.js";
import type { Clock } from "../../ports/clock.js";
import type { Db } from "./client.js";
import type { timelineEvents } from "./schema.js";

/** Timeline rows in and out: the one hash-chained write path and the two ways of reading rows. */

type EventRow = typeof timelineEvents.$inferSelect;

export function toEvent(row: EventRow): TimelineEvent {
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
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** An event as the chain writes it: the next seq after `previous`, linked to its hash. */
export type ChainedEvent = Omit<TimelineEvent, "id"> & { prevHash: string; hash: string };

/**
 * The next event of an incident's chain after `previous` (undefined: its first), hashed. Shared by
 * both records, so SQLite and PostgreSQL hash the very same fields. Data is normalised through JSON
 * first so the hash covers exactly what is stored and read back.
 */
export function chainNext(
  clock: Clock,
  event: NewTimelineEvent,
  previous: { seq: number; hash: string } | null | undefined,
): ChainedEvent {
  const prevHash = previous ? previous.hash : GENESIS_HASH;
  const fields = {
    incidentId: event.incidentId,
    seq: (previous?.seq ?? 0) + 1,
    // Stored as integer ms: anything finer would not survive the round trip the hash relies on.
    occurredAt: new Date(Math.round(event.occurredAt.getTime())),
    recordedAt: new Date(Math.round(clock.now().getTime())),
    kind: event.kind,
    actor: event.actor,
    text: event.text,
    data: JSON.parse(JSON.stringify(event.data ?? {})) as Record<string, unknown>,
    source: event.source
      ? {
          channelId: event.source.channelId,
          messageTs: event.source.messageTs,
          permalink: event.source.permalink ?? null,
        }
      : null,
  };
  const hash = hashEvent(fields, prevHash);
  return {
    ...fields,
    source: fields.source
      ? {
          channelId: fields.source.channelId,
          messageTs: fields.source.messageTs ?? "",
          permalink: fields.source.permalink,
        }
      : null,
    prevHash,
    hash,
  };
}

/** The columns an event is inserted with, and its values in that order (times as Dates). */
export const INSERT_EVENT_COLUMNS =
  "incident_id, seq, occurred_at, recorded_at, kind, actor, text, data, source_channel_id, source_message_ts, source_permalink, prev_hash, hash";
export function insertValues(e: ChainedEvent): unknown[] {
  return [
    e.incidentId,
    e.seq,
    e.occurredAt,
    e.recordedAt,
    e.kind,
    e.actor,
    e.text,
    JSON.stringify(e.data),
    e.source?.channelId ?? null,
    e.source?.messageTs ?? null,
    e.source?.permalink ?? null,
    e.prevHash,
    e.hash,
  ];
}

/**
 * The one write path of the IMOC log on SQLite; must run inside a transaction, because the next
 * sequence number and the previous hash are read and used atomically.
 */
export function appendEvent(tx: Db, clock: Clock, event: NewTimelineEvent): TimelineEvent {
  const { last, insert } = statementsOf(tx);
  const next = chainNext(
    clock,
    event,
    last.get(event.incidentId) as { seq: number; hash: string } | undefined,
  );
  const values = insertValues(next).map((v) => (v instanceof Date ? v.getTime() : v));
  const { id } = insert.get(...values) as { id: number };
  return { id, ...next };
}

/**
 * Every change writes here: two prepared statements on the transaction's own connection (no query
 * builder in the way), made once per connection.
 */
const statements = new WeakMap<object, { last: Statement; insert: Statement }>();
function statementsOf(tx: Db): { last: Statement; insert: Statement } {
  const client = (tx as unknown as { session: { client: BetterSqlite3.Database } }).session.client;
  let made = statements.get(client);
  if (!made) {
    made = {
      last: client.prepare(
        "select seq, hash from timeline_events where incident_id = ? order by seq desc limit 1",
      ),
      insert: client.prepare(
        `insert into timeline_events (${INSERT_EVENT_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
      ),
    };
    statements.set(client, made);
  }
  return made;
}

export const EVENT_COLUMNS =
  "id, incident_id, seq, occurred_at, recorded_at, kind, actor, text, data, source_channel_id, source_message_ts, source_permalink";
/** An event row as an array in EVENT_COLUMNS order (+ prev_hash, hash); times as ms (SQLite) or Dates (PostgreSQL). */
export type RawEventRow = [
  number,
  number,
  number,
  number | Date,
  number | Date,
  string,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string?,
  string?,
];

export function fromRaw(row: RawEventRow): TimelineEvent {
  const event: TimelineEvent = {
    id: row[0],
    incidentId: row[1],
    seq: row[2],
    occurredAt: new Date(row[3]),
    recordedAt: new Date(row[4]),
    kind: row[5] as TimelineKind,
    actor: row[6],
    text: row[7],
    data: row[8] ? (JSON.parse(row[8]) as Record<string, unknown>) : {},
    source: row[9] ? { channelId: row[9], messageTs: row[10] ?? "", permalink: row[11] } : null,
  };
  if (row.length > 12) {
    event.prevHash = row[12];
    event.hash = row[13];
  }
  return event;
}
