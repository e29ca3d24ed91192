import type { Clock } from "../../ports/clock.js";
import { openPgRecord } from "../pg/pg-record.js";
import type { Record } from "./record.js";
import { openSqliteRecord } from "./sqlite-record.js";

/** DATABASE_URL (postgres://...) puts the record in PostgreSQL; without it, the SQLite file at DATABASE_PATH. */
export async function openRecord(
  env: { DATABASE_URL?: string | undefined; DATABASE_PATH: string },
  clock: Clock,
): Promise<Record> {
  return env.DATABASE_URL
    ? openPgRecord(env.DATABASE_URL, clock)
    : openSqliteRecord(env.DATABASE_PATH, clock);
}

/** Where the record is, for logs and messages: the SQLite path, or the PostgreSQL URL without its password. */
export function describeRecord(env: { DATABASE_URL?: string | undefined; DATABASE_PATH: string }): string {
  return env.DATABASE_URL ? maskUrl(env.DATABASE_URL) : env.DATABASE_PATH;
}

/**
 * A URL fit to print or log: its password (if any) replaced by `***`. One that does not parse
 * loses everything between `//` and `@` instead.
 */
export function maskUrl(value: string): string {
  if (!URL.canParse(value)) return value.replace(/\/\/[^@/]*@/, "//***@");
  const url = new URL(value);
  if (url.password) url.password = "***";
  return url.toString();
}
