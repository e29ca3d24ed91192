import type { ConsoleStore } from "../../ports/console-store.js";
import { likePattern, PRUNE_EVERY_MS } from "../db/sqlite-console-store.js";
import { toIncident } from "../db/sqlite-incident-store.js";
import { EVENT_COLUMNS, fromRaw, type RawEventRow } from "../db/timeline-rows.js";
import { columnsOf } from "./pg-rows.js";
import { incidents } from "./schema.js";
import type { SyncPg } from "./sync-pg.js";

/**
 * The console's sign-in links, sessions and reads on PostgreSQL. Event rows come back as objects in
 * the select's column order, so the SQLite store's `fromRaw` reads them (times arrive as Dates).
 */
/** An event id as the int4 column takes it: ids beyond its range (a forged cursor) match nothing more. */
const eventId = (id: number) => Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.trunc(id) || 0));

export function createPgConsoleStore(db: SyncPg): ConsoleStore {
  const events = (sql: string, params: unknown[]) =>
    db
      .query(`select ${EVENT_COLUMNS} from timeline_events ${sql}`, params)
      .map((row) => Object.values(row) as RawEventRow);
  let prunedAt = 0;
  const prune = (now: Date) => {
    if (now.getTime() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now.getTime();
    db.run("delete from console_sessions where expires_at < $1", [now]);
    db.run("delete from console_login_tokens where expires_at < $1", [now]);
  };

  return {
    addLoginToken(tokenHash, userId, createdAt, expiresAt) {
      prune(createdAt);
      db.run(
        "insert into console_login_tokens (token_hash, user_id, created_at, expires_at) values ($1, $2, $3, $4)",
        [tokenHash, userId, createdAt, expiresAt],
      );
    },
    redeemLoginToken(tokenHash, now) {
      // One statement: two clicks at the same moment, on two replicas, cannot both use the link.
      const row = db.one<{ userId: string }>(
        `update console_login_tokens set used_at = $2
        where token_hash = $1 and used_at is null and expires_at > $2
        returning user_id as "userId"`,
        [tokenHash, now],
      );
      return row?.userId ?? null;
    },
    addSession(idHash, session, createdAt) {
      prune(createdAt);
      db.run(
        "insert into console_sessions (id_hash, user_id, role, csrf, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)",
        [idHash, session.userId, session.role, session.csrf, createdAt, session.expiresAt],
      );
    },
    session(idHash, now) {
      return db.one(
        `select user_id as "userId", role, csrf, expires_at as "expiresAt" from console_sessions
        where id_hash = $1 and expires_at > $2`,
        [idHash, now],
      );
    },
    deleteSession(idHash) {
      db.run("delete from console_sessions where id_hash = $1", [idHash]);
    },
    listIncidents(f) {
      const where: string[] = [];
      const params: unknown[] = [];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      if (f.severity) where.push(`severity = ${param(f.severity)}`);
      if (f.status) where.push(`status = ${param(f.status)}`);
      if (f.service) where.push(`service = ${param(f.service)}`);
      if (!f.includeDrills) where.push("not drill");
      // ilike: also folds letters beyond ASCII, which SQLite's like leaves as they are.
      if (f.search) where.push(`title ilike ${param(likePattern(f.search))} escape '\\'`);
      if (f.security === false) where.push("not security");
      else if (f.visibleSecurity === "all") {
        if (f.security) where.push("security");
      } else {
        const visible = `id = any(${param(f.visibleSecurity)}::int[])`;
        where.push(f.security ? `security and ${visible}` : `(not security or ${visible})`);
      }
      const filter = where.length ? `where ${where.join(" and ")}` : "";
      const rows = db.query(
        // Open incidents first, newest first within each group.
        `select ${columnsOf(incidents)} from incidents ${filter}
        order by status = 'resolved', id desc limit ${param(f.limit)} offset ${param(f.offset)}`,
        params,
      );
      const total = db.one<{ n: number }>(
        `select count(*) as n from incidents ${filter}`,
        params.slice(0, -2),
      );
      return {
        incidents: rows.map((row) => toIncident(row as Parameters<typeof toIncident>[0])),
        total: total?.n ?? 0,
      };
    },
    services() {
      // Byte order, as SQLite sorts them (not the cluster's collation).
      return db
        .query<{ service: string }>(
          `select distinct service collate "C" as service from incidents where service is not null order by 1`,
        )
        .map((r) => r.service);
    },
    securityChannels() {
      return db.query(`select id, channel_id as "channelId" from incidents where security order by id`);
    },
    eventsAfter(afterId, limit, incidentId) {
      const rows =
        incidentId === undefined
          ? events("where id > $1 order by id limit $2", [eventId(afterId), limit])
          : events("where incident_id = $1 and id > $2 order by id limit $3", [
              incidentId,
              eventId(afterId),
              limit,
            ]);
      return rows.map(fromRaw);
    },
    logPage(incidentId, limit, beforeId) {
      const rows = events("where incident_id = $1 and id < $2 order by id desc limit $3", [
        incidentId,
        eventId(beforeId ?? 2 ** 31 - 1),
        limit,
      ]);
      const stats = db.one<{ total: number; lastId: number }>(
        `select count(*) as total, coalesce(max(id), 0) as "lastId" from timeline_events where incident_id = $1`,
        [incidentId],
      ) ?? { total: 0, lastId: 0 };
      return { events: rows.reverse().map(fromRaw), ...stats };
    },
    lastEventId() {
      return db.one<{ id: number }>("select coalesce(max(id), 0) as id from timeline_events")?.id ?? 0;
    },
  };
}
