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
  if (!env.DATABASE_URL) return env.DATABASE_PATH;
  const url = new URL(env.DATABASE_URL);
  if (url.password) url.password = "***";
  return url.toString();
}
