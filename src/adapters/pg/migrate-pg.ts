import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

/** `migrations/pg` at the project root, from src/ (tsx) and dist/src/ (built) alike. */
export function pgMigrationsFolder(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, here.includes("/dist/") ? "../../../../migrations/pg" : "../../../migrations/pg");
}

/** Any constant shared by every replica: the key of the advisory lock migrations run under. */
const MIGRATION_LOCK = 0x1_0c_2026;

/**
 * Applies pending migrations (drizzle's pg migrator). Replicas starting together each call this;
 * a session advisory lock lets one migrate while the others wait, then find nothing to do.
 */
export async function migratePg(url: string, migrationsFolder = pgMigrationsFolder()): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

/** `postgres://` or `postgresql://`: the record lives in PostgreSQL. */
export function isPostgresUrl(value: string | undefined): value is string {
  return !!value && /^postgres(ql)?:\/\//.test(value);
}
