import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Times are stored as integer milliseconds since the epoch (UTC), so nothing loses its date. */
const ms = (name: string) => integer(name, { mode: "timestamp_ms" });

export const incidents = sqliteTable(
  "incidents",
  {
    // The sequential incident number people say out loud ("INC-42").
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    description: text("description"),
    severity: text("severity", { enum: ["sev1", "sev2", "sev3"] }).notNull(),
    security: integer("security", { mode: "boolean" }).notNull().default(false),
    // Game-day drills run the full flow but never page through PagerDuty and stay out of reports.
    drill: integer("drill", { mode: "boolean" }).notNull().default(false),
    service: text("service"),
    status: text("status", { enum: ["declared", "acknowledged", "mitigated", "resolved"] })
      .notNull()
      .default("declared"),
    channelId: text("channel_id"),
    channelName: text("channel_name"),
    declaredBy: text("declared_by").notNull(),
    commander: text("commander"),
    declaredAt: ms("declared_at").notNull(),
    acknowledgedAt: ms("acknowledged_at"),
    mitigatedAt: ms("mitigated_at"),
    resolvedAt: ms("resolved_at"),
    resolutionSummary: text("resolution_summary"),
    createdAt: ms("created_at").notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
    updatedAt: ms("updated_at").notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [
    uniqueIndex("incidents_channel_id_unique").on(t.channelId),
    index("incidents_status_idx").on(t.status),
  ],
);

export const timelineEvents = sqliteTable(
  "timeline_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id),
    seq: integer("seq").notNull(),
    occurredAt: ms("occurred_at").notNull(),
    recordedAt: ms("recorded_at").notNull(),
    kind: text("kind").notNull(),
    actor: text("actor").notNull(),
    text: text("text").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    sourceChannelId: text("source_channel_id"),
    sourceMessageTs: text("source_message_ts"),
    sourcePermalink: text("source_permalink"),
    // Chain of custody: SHA-256 of the canonical form (domain/timeline-chain.ts), which includes
    // the previous event's hash, so changing any row by hand breaks every hash after it.
    prevHash: text("prev_hash").notNull().default(""),
    hash: text("hash").notNull().default(""),
  },
  (t) => [
    uniqueIndex("timeline_events_incident_seq_unique").on(t.incidentId, t.seq),
    index("timeline_events_incident_occurred_idx").on(t.incidentId, t.occurredAt),
    index("timeline_events_source_idx").on(t.sourceChannelId, t.sourceMessageTs),
  ],
);
