import { and, count, desc, eq, gt, inArray, isNotNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { ConsoleStore } from "../../ports/console-store.js";
import type { Db } from "./client.js";
import { consoleLoginTokens, consoleSessions, incidents } from "./schema.js";
import { toIncident } from "./sqlite-incident-store.js";
import { EVENT_COLUMNS, fromRaw, type RawEventRow } from "./timeline-rows.js";

/** Expired sign-in links and sessions are deleted at most this often (both records). */
export const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** LIKE with the user's `%` and `_` taken literally. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The console's sign-in links, sessions and reads on SQLite. */
export function createSqliteConsoleStore(db: Db): ConsoleStore {
  const sqlite = (db as unknown as { $client: import("better-sqlite3").Database }).$client;
  const after = sqlite
    .prepare(`select ${EVENT_COLUMNS} from timeline_events where id > ? order by id limit ?`)
    .raw(true);
  const afterOf = sqlite
    .prepare(
      `select ${EVENT_COLUMNS} from timeline_events where incident_id = ? and id > ? order by id limit ?`,
    )
    .raw(true);
  const before = sqlite
    .prepare(
      `select ${EVENT_COLUMNS} from timeline_events where incident_id = ? and id < ? order by id desc limit ?`,
    )
    .raw(true);
  const logStats = sqlite.prepare(
    "select count(*) as total, coalesce(max(id), 0) as lastId from timeline_events where incident_id = ?",
  );
  const maxId = sqlite.prepare("select coalesce(max(id), 0) from timeline_events").pluck();
  let prunedAt = 0;
  const prune = (now: Date) => {
    if (now.getTime() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now.getTime();
    db.delete(consoleSessions).where(lt(consoleSessions.expiresAt, now)).run();
    db.delete(consoleLoginTokens).where(lt(consoleLoginTokens.expiresAt, now)).run();
  };

  return {
    addLoginToken(tokenHash, userId, createdAt, expiresAt) {
      prune(createdAt);
      db.insert(consoleLoginTokens).values({ tokenHash, userId, createdAt, expiresAt }).run();
    },
    redeemLoginToken(tokenHash, now) {
      // One statement: two clicks at the same moment cannot both use the link.
      const row = db
        .update(consoleLoginTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(consoleLoginTokens.tokenHash, tokenHash),
            sql`${consoleLoginTokens.usedAt} is null`,
            gt(consoleLoginTokens.expiresAt, now),
          ),
        )
        .returning({ userId: consoleLoginTokens.userId })
        .get();
      return row?.userId ?? null;
    },
    addSession(idHash, session, createdAt) {
      prune(createdAt);
      db.insert(consoleSessions)
        .values({ idHash, ...session, createdAt })
        .run();
    },
    session(idHash, now) {
      const row = db
        .select()
        .from(consoleSessions)
        .where(and(eq(consoleSessions.idHash, idHash), gt(consoleSessions.expiresAt, now)))
        .get();
      return row ? { userId: row.userId, role: row.role, csrf: row.csrf, expiresAt: row.expiresAt } : null;
    },
    deleteSession(idHash) {
      db.delete(consoleSessions).where(eq(consoleSessions.idHash, idHash)).run();
    },
    listIncidents(f) {
      const security: SQL | undefined =
        f.security === false
          ? eq(incidents.security, false)
          : f.visibleSecurity === "all"
            ? f.security
              ? eq(incidents.security, true)
              : undefined
            : f.security
              ? and(eq(incidents.security, true), inArray(incidents.id, f.visibleSecurity))
              : or(eq(incidents.security, false), inArray(incidents.id, f.visibleSecurity));
      const where = and(
        f.severity ? eq(incidents.severity, f.severity) : undefined,
        f.status ? eq(incidents.status, f.status) : undefined,
        f.service ? eq(incidents.service, f.service) : undefined,
        f.includeDrills ? undefined : eq(incidents.drill, false),
        f.search ? sql`${incidents.title} like ${likePattern(f.search)} escape '\\'` : undefined,
        security,
      );
      const rows = db
        .select()
        .from(incidents)
        .where(where)
        // Open incidents first, newest first within each group.
        .orderBy(sql`${incidents.status} = 'resolved'`, desc(incidents.id))
        .limit(f.limit)
        .offset(f.offset)
        .all();
      const total = db.select({ n: count() }).from(incidents).where(where).get()?.n ?? 0;
      return { incidents: rows.map(toIncident), total };
    },
    services() {
      return db
        .selectDistinct({ service: incidents.service })
        .from(incidents)
        .where(isNotNull(incidents.service))
        .orderBy(incidents.service)
        .all()
        .map((r) => r.service as string);
    },
    securityChannels() {
      return db
        .select({ id: incidents.id, channelId: incidents.channelId })
        .from(incidents)
        .where(eq(incidents.security, true))
        .all();
    },
    eventsAfter(afterId, limit, incidentId) {
      const rows = (
        incidentId === undefined ? after.all(afterId, limit) : afterOf.all(incidentId, afterId, limit)
      ) as RawEventRow[];
      return rows.map(fromRaw);
    },
    logPage(incidentId, limit, beforeId) {
      const rows = before.all(incidentId, beforeId ?? Number.MAX_SAFE_INTEGER, limit) as RawEventRow[];
      const stats = logStats.get(incidentId) as { total: number; lastId: number };
      return { events: rows.reverse().map(fromRaw), ...stats };
    },
    lastEventId() {
      return maxId.get() as number;
    },
  };
}
