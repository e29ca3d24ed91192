import { getTableColumns, getTableName, type Table } from "drizzle-orm";
import type { SyncPg } from "./sync-pg.js";

/**
 * Plain SQL for the PostgreSQL stores, written from the pg schema's own column names so a row comes
 * back keyed like drizzle's (camelCase field names) and the SQLite stores' row mappers serve both.
 * JSON columns are `text` here: the stores stringify and parse them themselves.
 */

/** `incident_id as "incidentId", ...`: every column of `table`, optionally qualified by `alias`. */
export function columnsOf(table: Table, alias?: string): string {
  return Object.entries(getTableColumns(table))
    .map(([field, column]) => `${alias ? `${alias}.` : ""}${column.name} as "${field}"`)
    .join(", ");
}

function columnName(table: Table, field: string): string {
  const column = getTableColumns(table)[field];
  if (!column) throw new Error(`${getTableName(table)} has no column for field "${field}"`);
  return column.name;
}

/** The defined fields of `values` as `(columns)`, `($1, ...)` and their parameters. */
function valuesOf(table: Table, values: object) {
  const fields = Object.entries(values).filter(([, value]) => value !== undefined);
  return {
    columns: fields.map(([field]) => columnName(table, field)).join(", "),
    placeholders: fields.map((_, i) => `$${i + 1}`).join(", "),
    params: fields.map(([, value]) => value),
  };
}

/**
 * Inserts one row and returns it, every column (null when `onConflict` skipped it). `onConflict`
 * is the clause after `on conflict`, e.g. `(source, group_key) do nothing`.
 */
export function insertRow<R>(db: SyncPg, table: Table, values: object, onConflict?: string): R | null {
  const { columns, placeholders, params } = valuesOf(table, values);
  return db.one<R>(
    `insert into ${getTableName(table)} (${columns}) values (${placeholders})${onConflict ? ` on conflict ${onConflict}` : ""} returning ${columnsOf(table)}`,
    params,
  );
}

/** Sets the defined fields of `patch` on the row of `id`; nothing when the patch is empty. */
export function updateById(db: SyncPg, table: Table, id: number, patch: object): number {
  const { params } = valuesOf(table, patch);
  if (params.length === 0) return 0;
  const set = Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([field], i) => `${columnName(table, field)} = $${i + 1}`)
    .join(", ");
  return db.run(`update ${getTableName(table)} set ${set} where id = $${params.length + 1}`, [...params, id]);
}
