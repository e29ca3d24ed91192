import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema>;

export interface DbHandle {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

/** `migrations/` at the project root, found from this file both in src/ (tsx) and dist/src/ (built). */
export function defaultMigrationsFolder(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const fromSrc = resolve(here, "../../../migrations");
  const fromDist = resolve(here, "../../../../migrations");
  return here.includes("/dist/") ? fromDist : fromSrc;
}

/**
 * Opens the SQLite file (creating its folder), switches it to WAL so readers never block the
 * writer, and applies pending migrations before anything else touches it.
 */
export function openDatabase(path: string, migrationsFolder = defaultMigrationsFolder()): DbHandle {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // Space freed by an update or delete is zeroed (where that costs no extra I/O): a secret the
  // outbox removes from a finished job (a sign-in link) does not linger in the file.
  sqlite.pragma("secure_delete = FAST");
  cacheStatements(sqlite);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return { db, sqlite, close: () => sqlite.close() };
}

/**
 * Drizzle prepares every query again each time it runs; under a burst of declarations that was the
 * record's largest cost (`npm run bench:load`). The same SQL text gets the same prepared statement
 * (a bounded cache). Drizzle switches a statement to raw (array) rows for some reads, so a reused
 * one is handed out in its default mode.
 */
function cacheStatements(sqlite: Database.Database, max = 500): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached) {
      if (cached.reader) cached.raw(false);
      return cached;
    }
    const statement = prepare(source);
    if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
}
