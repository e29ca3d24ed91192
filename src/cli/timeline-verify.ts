/**
 * `npm run timeline:verify [incident] [--public-key key.pem] [--export review.json [--offline]]`
 *
 * Without --export: recomputes the SHA-256 chain of one incident (or of every incident) straight
 * from the record (the SQLite file in DATABASE_PATH, or the PostgreSQL of DATABASE_URL), checks it against every signed checkpoint (a deleted tail,
 * a deleted row, a recomputed chain) and re-hashes the evidence copies in EVIDENCE_DIR. With
 * --export: checks a kept JSON export on its own (its chain, its checkpoints' signatures: give
 * --public-key), and, unless --offline, that every event in it is still in the database unchanged.
 * Exits 1 and names the first event that does not match. Lives in src/ so the built image has it
 * too: `node dist/src/cli/timeline-verify.js 42`. Never needs the private key.
 */
import { existsSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { createVerifier, parseAuditKey } from "../adapters/custody/audit-key.js";
import { createEvidenceVault, evidenceDirFor } from "../adapters/custody/evidence-vault.js";
import * as schema from "../adapters/db/schema.js";
import { createSqliteCheckpointStore } from "../adapters/db/sqlite-custody.js";
import { createSqliteStores } from "../adapters/db/sqlite-incident-store.js";
import type { Deps } from "../app/deps.js";
import { signatureCheck, verifyTimeline } from "../app/timeline/verify-timeline.js";
import { compareWithExport, parseExport, verifyExport } from "../domain/custody/verify-export.js";
import { FILE_DEFAULTS } from "../config/env.js";
import { incidentRef } from "../domain/incident/incident.js";
import { systemClock } from "../ports/clock.js";
import type { CheckpointStore } from "../ports/checkpoint-store.js";
import type { CheckpointVerifier } from "../ports/custody.js";
import { printReport } from "./verify-output.js";

const USAGE =
  "Usage: npm run timeline:verify -- [incident] [--public-key key.pem] [--export review.json [--offline]]";
const fail = (message: string): never => {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
};

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith("--")) fail(`${name} needs a file`);
  args.splice(i, 2);
  return value;
};
const exportPath = option("--export");
const publicKeyPath = option("--public-key");
const offline = args.includes("--offline");
const rest = args.filter((a) => a !== "--offline");
const arg = rest[0]?.replace(/^inc-/i, "");
if (rest.length > 1 || (arg !== undefined && !/^\d+$/.test(arg)))
  fail(`"${rest.join(" ")}" is not an incident number.`);

function loadVerifier(): CheckpointVerifier | null {
  try {
    if (publicKeyPath) return createVerifier(readFileSync(publicKeyPath, "utf8"));
    // On the bot's own machine the private key is at hand; its public half is all that is used.
    const key = process.env.AUDIT_SIGNING_KEY?.trim();
    return key ? createVerifier(parseAuditKey(key)) : null;
  } catch (error) {
    return fail(`Cannot read the public key: ${(error as Error).message}`);
  }
}
const verifier = loadVerifier();
const keyNote = verifier
  ? `signatures checked with key ${verifier.keyId}`
  : "signatures NOT checked (give --public-key, from GET /api/audit/public-key)";

const path = process.env.DATABASE_PATH || FILE_DEFAULTS.DATABASE_PATH;
const databaseUrl = process.env.DATABASE_URL || undefined;
let broken = 0;

/** The record to check: PostgreSQL when DATABASE_URL is set, else the SQLite file, read-only. */
interface Source {
  where: string;
  stores: Pick<Deps, "incidents" | "timeline">;
  checkpoints: CheckpointStore | null;
  close(): void;
}

async function openSource(offlineHint: string): Promise<Source> {
  if (databaseUrl) {
    // Loaded only here: checking a SQLite file does not start the PostgreSQL driver.
    const { maskUrl, openRecord } = await import("../adapters/db/open-record.js");
    const { isPostgresUrl } = await import("../adapters/pg/migrate-pg.js");
    if (!isPostgresUrl(databaseUrl)) return fail("DATABASE_URL must be a postgres:// or postgresql:// URL.");
    const where = maskUrl(databaseUrl);
    try {
      const record = await openRecord({ DATABASE_URL: databaseUrl, DATABASE_PATH: path }, systemClock);
      return {
        where,
        stores: record.stores,
        checkpoints: record.stores.checkpoints,
        close: () => record.close(),
      };
    } catch (error) {
      return fail(`Cannot read the record at ${where}: ${(error as Error).message}`);
    }
  }
  if (!existsSync(path)) fail(`No database at ${path}; set DATABASE_PATH to the SQLite file${offlineHint}.`);
  // Read-only: checking evidence must not change it (no migrations, no journal mode switch).
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  const db = drizzle(sqlite, { schema });
  const hasCheckpoints = Boolean(
    sqlite.prepare("select name from sqlite_master where type = 'table' and name = 'checkpoints'").get(),
  );
  return {
    where: path,
    stores: createSqliteStores(db, systemClock),
    checkpoints: hasCheckpoints ? createSqliteCheckpointStore(db) : null,
    close: () => sqlite.close(),
  };
}

if (exportPath) {
  let log: ReturnType<typeof parseExport>;
  try {
    log = parseExport(JSON.parse(readFileSync(exportPath, "utf8")));
  } catch (error) {
    fail(`${exportPath}: ${(error as Error).message}`);
    process.exit(2);
  }
  const v = verifyExport(log, signatureCheck(verifier));
  const ref = incidentRef({ id: log.incidentId });
  console.log(
    `${exportPath} (${ref}, ${log.events.length} events, ${log.checkpoints.length} checkpoints; ${keyNote})`,
  );
  for (const c of v.checkpoints)
    console.log(
      `  checkpoint ${c.signedAt}: ${c.count} events, signature ${c.signature}${c.problem ? `: ${c.problem}` : ""}`,
    );
  for (const p of v.problems) console.log(`  BROKEN: ${p}`);
  if (!v.intact) broken++;
  else console.log("  export intact: its chain and its checkpoints hold");
  if (!offline) {
    const source = await openSource(", or add --offline to check the export alone");
    try {
      const { stores, where } = source;
      const problem = stores.incidents.get(log.incidentId)
        ? compareWithExport(stores.timeline.list(log.incidentId), log.events)
        : `${ref} is not in ${where}`;
      if (problem) {
        broken++;
        console.log(`  DATABASE ${where}: BROKEN: ${problem}`);
      } else console.log(`  database ${where}: every exported event is still there, unchanged`);
    } finally {
      source.close();
    }
  }
  process.exit(broken ? 1 : 0);
}

const source = await openSource("");
try {
  const { stores, where } = source;
  const custody = {
    verifier,
    vault: createEvidenceVault(evidenceDirFor(path, process.env.EVIDENCE_DIR)),
  };
  const deps = source.checkpoints ? { ...stores, checkpoints: source.checkpoints, custody } : stores;
  console.log(`${where}: ${keyNote}; evidence in ${custody.vault.dir}`);
  const ids = arg ? [Number(arg)] : stores.incidents.list().map((i) => i.id);
  for (const id of ids) {
    const result = verifyTimeline(deps, id);
    if (result.kind === "not-found") {
      console.error(`INC-${id} is not in ${where}.`);
      broken++;
      continue;
    }
    if (!printReport(incidentRef({ id }), result)) broken++;
  }
} finally {
  source.close();
}
process.exit(broken ? 1 : 0);
