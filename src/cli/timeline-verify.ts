/**
 * `npm run timeline:verify [incident]`: recomputes the SHA-256 chain of one incident (or of every
 * incident) straight from the SQLite file in DATABASE_PATH, without Slack or Redis. Exits 1 and
 * names the first event that does not match when a chain is broken. Lives in src/ so the built
 * image has it too: `node dist/src/cli/timeline-verify.js 42`.
 */
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../adapters/db/schema.js";
import { createSqliteStores } from "../adapters/db/sqlite-incident-store.js";
import { verifyTimeline } from "../app/timeline/verify-timeline.js";
import { incidentRef } from "../domain/incident/incident.js";
import { systemClock } from "../ports/clock.js";

const path = process.env.DATABASE_PATH || "data/imoc.sqlite";
const arg = process.argv[2]?.replace(/^inc-/i, "");
if (arg !== undefined && !/^\d+$/.test(arg)) {
  console.error(`"${process.argv[2]}" is not an incident number. Usage: npm run timeline:verify [incident]`);
  process.exit(2);
}
if (!existsSync(path)) {
  console.error(`No database at ${path}; set DATABASE_PATH to the SQLite file.`);
  process.exit(2);
}
// Read-only: checking evidence must not change it (no migrations, no journal mode switch).
const sqlite = new Database(path, { readonly: true, fileMustExist: true });
let broken = 0;
try {
  const stores = createSqliteStores(drizzle(sqlite, { schema }), systemClock);
  const ids = arg ? [Number(arg)] : stores.incidents.list().map((i) => i.id);
  for (const id of ids) {
    const result = verifyTimeline(stores, id);
    if (result.kind === "not-found") {
      console.error(`INC-${id} is not in ${path}.`);
      broken++;
      continue;
    }
    const v = result.verdict;
    if (v.ok) console.log(`${incidentRef({ id })}: intact, ${v.count} events, head ${v.headHash}`);
    else {
      broken++;
      console.log(`${incidentRef({ id })}: BROKEN at ${v.message} [${v.reason}]`);
    }
  }
} finally {
  sqlite.close();
}
process.exit(broken ? 1 : 0);
