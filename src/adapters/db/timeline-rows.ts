import { desc, eq } from "drizzle-orm";
import { GENESIS_HASH, hashEvent } from "../../domain/timeline/timeline-chain.js";
import type { NewTimelineEvent, TimelineEvent, TimelineKind } from "../../domain/timeline/timeline-event.js";
import type { Clock } from "../../ports/clock.js";
import type { Db } from "./client.js";
import { timelineEvents } from "./schema.js";

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

/**
 * The one write path of the IMOC log; must run inside a transaction, because the next sequence
 * number and the previous hash are read and used atomically. Data is normalised through JSON
 * first so the hash covers exactly what is stored and read back.
 */
export function appendEvent(tx: Db, clock: Clock, event: NewTimelineEvent): TimelineEvent {
  const last = tx
    .select({ seq: timelineEvents.seq, hash: timelineEvents.hash })
    .from(timelineEvents)
    .where(eq(timelineEvents.incidentId, event.incidentId))
    .orderBy(desc(timelineEvents.seq))
    .limit(1)
    .get();
  const prevHash = last ? last.hash : GENESIS_HASH;
  const fields = {
    incidentId: event.incidentId,
    seq: (last?.seq ?? 0) + 1,
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
  const row = tx
    .insert(timelineEvents)
    .values({
      incidentId: fields.incidentId,
      seq: fields.seq,
      occurredAt: fields.occurredAt,
      recordedAt: fields.recordedAt,
      kind: fields.kind,
      actor: fields.actor,
      text: fields.text,
      data: fields.data,
      sourceChannelId: fields.source?.channelId ?? null,
      sourceMessageTs: fields.source?.messageTs ?? null,
      sourcePermalink: fields.source?.permalink ?? null,
      prevHash,
      hash: hashEvent(fields, prevHash),
    })
    .returning()
    .get();
  return toEvent(row);
}

export const EVENT_COLUMNS =
  "id, incident_id, seq, occurred_at, recorded_at, kind, actor, text, data, source_channel_id, source_message_ts, source_permalink";
export type RawEventRow = [
  number,
  number,
  number,
  number,
  number,
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
