import { getTableName } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { assignments, columnsOf, insertInto } from "./pg-rows.js";
import type { SyncPg } from "./sync-pg.js";

/**
 * Inserts one row (drizzle keys; JSON columns written as their JSON text) and returns it whole,
 * keyed like drizzle's rows; null when `onConflict` (the clause after `on conflict`) skipped it.
 */
export function insertRow<R>(db: SyncPg, table: PgTable, values: object, onConflict?: string): R | null {
  const { sql, params } = insertInto(table, values);
  const conflict = onConflict ? ` on conflict ${onConflict}` : "";
  return db.one<R>(`${sql}${conflict} returning ${columnsOf(table)}`, params);
}

/** Sets the defined fields of `patch` on the row of `id` (nothing for an empty patch); rows changed. */
export function updateById(db: SyncPg, table: PgTable, id: number, patch: object): number {
  const { sql, params } = assignments(table, patch);
  if (params.length === 0) return 0;
  return db.run(`update ${getTableName(table)} set ${sql} where id = $${params.length + 1}`, [...params, id]);
}
