import { getTableColumns, getTableName } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { SyncPg } from "./sync-pg.js";

/**
 * Rows of the pg schema in the shape drizzle gives the SQLite stores (camelCase keys, Dates,
 * booleans), so both records share their row mappers. SQL stays hand-written (the connection is
 * synchronous, drizzle's pg builders are not); these helpers only spell the column lists.
 */

/** `"job_id" as "jobId", ...`: every column of `table`, aliased to its drizzle key. */
export function columnsOf(table: PgTable, except: readonly string[] = []): string {
  return Object.entries(getTableColumns(table))
    .filter(([key]) => !except.includes(key))
    .map(([key, column]) => `"${column.name}" as "${key}"`)
    .join(", ");
}

/**
 * A value as PostgreSQL should store it: the pg schema keeps JSON columns as `text` holding the
 * JSON string exactly as SQLite holds it (an array must not become a PostgreSQL array literal).
 */
export function toColumnValue(value: unknown): unknown {
  if (value === undefined || value === null || value instanceof Date) return value ?? null;
  return typeof value === "object" ? JSON.stringify(value) : value;
}

/**
 * `"col" = $n, ...` for the defined keys of `values` (drizzle keys of `table`), numbered from
 * `first`, and their parameters. An unknown key throws: it would be silently dropped otherwise.
 */
export function assignments(
  table: PgTable,
  values: object,
  first = 1,
): { sql: string; params: unknown[]; columns: string[] } {
  const columns = getTableColumns(table);
  const names: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const column = columns[key];
    if (!column) throw new Error(`no column "${key}" in the pg schema of this table`);
    names.push(`"${column.name}"`);
    params.push(toColumnValue(value));
  }
  return {
    sql: names.map((name, i) => `${name} = $${first + i}`).join(", "),
    params,
    columns: names,
  };
}

/** `insert into <table> (cols) values ($1...)` for the defined keys of `values`. */
export function insertInto(table: PgTable, values: object): { sql: string; params: unknown[] } {
  const { columns, params } = assignments(table, values);
  const placeholders = params.map((_, i) => `$${i + 1}`).join(", ");
  return {
    sql: `insert into ${getTableName(table)} (${columns.join(", ")}) values (${placeholders})`,
    params,
  };
}

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
