import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { verifyChain } from "../../domain/timeline/timeline-chain.js";
import type { TimelineEvent } from "../../domain/timeline/timeline-event.js";
import { defaultMigrationsFolder } from "../db/client.js";
import { maskUrl } from "../db/open-record.js";
import * as sqliteSchema from "../db/schema.js";
import { EVENT_COLUMNS, fromRaw, type RawEventRow } from "../db/timeline-rows.js";
import { isPostgresUrl, migratePg } from "./migrate-pg.js";

/**
 * `npm run db:move`: copies the SQLite record into PostgreSQL, table by table in foreign-key order
 * and key order, keeping ids, then verifies it (row counts, a SHA-256 over every table's rows in
 * key order, every incident's hash chain). Rows already on the target and equal are left alone, so
 * a re-run changes nothing; a row on the target with different content is a conflict: reported,
 * never overwritten, and nothing is written at all.
 */

/** How a column's value is converted and compared. */
type Kind = "int" | "text" | "json" | "bool" | "time";
interface Column {
  name: string;
  kind: Kind;
}
export interface TableSpec {
  name: string;
  columns: Column[];
  /** The columns rows are identified and ordered by: the primary key, else the first unique index. */
  key: string[];
  /** An integer `id` whose identity sequence must end up past the copied ids. */
  identity: boolean;
  references: string[];
}

const KINDS: Record<string, Kind> = {
  SQLiteInteger: "int",
  SQLiteText: "text",
  SQLiteTextJson: "json",
  SQLiteBoolean: "bool",
  SQLiteTimestamp: "time",
};

/** Every table of the record (src/adapters/db/schema.ts), parents before children. */
export function recordTables(): TableSpec[] {
  const specs = Object.values(sqliteSchema).map((table) => {
    const config = getTableConfig(table as SQLiteTable);
    const columns = config.columns.map((c) => {
      const kind = KINDS[c.columnType];
      if (!kind) throw new Error(`${config.name}.${c.name}: no conversion for ${c.columnType}`);
      return { name: c.name, kind };
    });
    const primary = config.columns.filter((c) => c.primary).map((c) => c.name);
    const unique = config.indexes
      .find((i) => i.config.unique)
      ?.config.columns.map((c) => (c as { name: string }).name);
    const key = primary.length > 0 ? primary : (unique ?? []);
    if (key.length === 0) throw new Error(`${config.name} has no key to order and match rows by`);
    const references = config.foreignKeys
      .map((f) => getTableConfig(f.reference().foreignTable).name)
      .filter((name) => name !== config.name);
    const identity = primary.length === 1 && primary[0] === "id" && columns[0]?.kind === "int";
    return { name: config.name, columns, key, identity, references };
  });
  const ordered: TableSpec[] = [];
  const placed = new Set<string>();
  while (ordered.length < specs.length) {
    const ready = specs.filter((s) => !placed.has(s.name) && s.references.every((r) => placed.has(r)));
    if (ready.length === 0) throw new Error("the record's foreign keys form a cycle");
    for (const s of ready.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      ordered.push(s);
      placed.add(s.name);
    }
  }
  return ordered;
}

/** A problem that stops the move before anything is read or written (exit 2). */
export class MoveError extends Error {
  override name = "MoveError";
}

type Value = string | number | boolean | null;

/** The form both databases agree on: dates as epoch ms, booleans true/false, text as is. */
function normalise(kind: Kind, value: unknown): Value {
  if (value === null || value === undefined) return null;
  if (kind === "time") return value instanceof Date ? value.getTime() : Number(value);
  if (kind === "bool") return value === true || value === 1;
  if (kind === "int") return Number(value);
  return String(value);
}

/** A SQLite value as PostgreSQL takes it: integer ms → Date, 0/1 → boolean, the rest as is. */
function toPg(kind: Kind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (kind === "time") return new Date(Number(value));
  if (kind === "bool") return value === 1 || value === true;
  return value;
}

interface Row {
  key: Value[];
  /** The normalised row, one line of the checksum. */
  line: string;
  values: Value[];
  raw: unknown[];
}

function toRows(spec: TableSpec, raws: unknown[][]): Row[] {
  const keyAt = spec.key.map((k) => spec.columns.findIndex((c) => c.name === k));
  const rows = raws.map((raw) => {
    const values = spec.columns.map((c, i) => normalise(c.kind, raw[i]));
    return { key: keyAt.map((i) => values[i] as Value), line: JSON.stringify(values), values, raw };
  });
  return rows.sort((a, b) => compareKeys(a.key, b.key));
}

function compareKeys(a: Value[], b: Value[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Value;
    const y = b[i] as Value;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function checksum(rows: readonly Row[]): string {
  const hash = createHash("sha256");
  for (const r of rows) hash.update(`${r.line}\n`);
  return hash.digest("hex");
}

export interface TableReport {
  table: string;
  sourceRows: number;
  targetRows: number;
  /** Copied now (dry run: would be copied). */
  copied: number;
  alreadyThere: number;
  /** Rows whose key is on the target with different content (or refused by another unique value). */
  conflicts: string[];
  /** Rows on the target that the SQLite file does not have. */
  onlyOnTarget: number;
  sourceChecksum: string;
  targetChecksum: string;
}

export interface MoveReport {
  from: string;
  /** The target URL with its password masked. */
  to: string;
  dryRun: boolean;
  /** The target had no imoc schema before this run (dry run: everything counts as to copy). */
  freshTarget: boolean;
  migrationsApplied: number;
  tables: TableReport[];
  chains: { total: number; intact: number; broken: string[]; brokenInSource: string[] };
  sequencesRaised: number;
  ok: boolean;
}

export interface MoveOptions {
  from: string;
  to: string;
  dryRun?: boolean;
}

/** Runs the move (or, with `dryRun`, only plans it) and verifies the target. */
export async function moveRecord(options: MoveOptions): Promise<MoveReport> {
  const { from, to, dryRun = false } = options;
  if (!isPostgresUrl(to))
    throw new MoveError(`--to must be a postgres:// or postgresql:// URL, not "${maskUrl(to)}"`);
  const masked = maskUrl(to);
  if (!existsSync(from))
    throw new MoveError(`No SQLite file at ${from}: give --from the bot's DATABASE_PATH.`);
  const specs = recordTables();
  const sqlite = openSource(from);
  try {
    checkSourceSchema(sqlite, from, specs);
    // One read transaction: every table (and the chains) from the same moment, even if a bot
    // still wrote to the file (it should be stopped; a rehearsal may read a live copy).
    sqlite.exec("begin");
    const client = await connect(to, masked);
    try {
      const hadSchema = await hasSchema(client);
      let migrationsApplied = 0;
      if (!dryRun) {
        const before = await appliedPgMigrations(client);
        await migratePg(to).catch((error: Error) => {
          throw new MoveError(`Applying the PostgreSQL migrations on ${masked} failed: ${error.message}`);
        });
        migrationsApplied = (await appliedPgMigrations(client)) - before;
      }
      const targetReady = hadSchema || !dryRun;
      if (targetReady) await checkTargetSchema(client, masked, specs);

      const source = new Map(specs.map((s) => [s.name, toRows(s, readSqlite(sqlite, s))]));
      const plan = new Map<string, { missing: Row[]; report: TableReport }>();
      for (const spec of specs) {
        const rows = source.get(spec.name) ?? [];
        const target = targetReady ? toRows(spec, await readPg(client, spec)) : [];
        plan.set(spec.name, compare(spec, rows, target));
      }
      const conflicted = [...plan.values()].some((p) => p.report.conflicts.length > 0);
      let sequencesRaised = 0;
      if (!dryRun && !conflicted) {
        const refused = await copy(client, specs, plan);
        sequencesRaised = refused.sequencesRaised;
        for (const [table, problems] of refused.conflicts)
          plan.get(table)?.report.conflicts.push(...problems);
      }
      const tables = [...plan.values()].map((p) => p.report);
      if (!dryRun) {
        // Verify what is there now, read afresh.
        for (const spec of specs) {
          const report = tables.find((t) => t.table === spec.name) as TableReport;
          const target = toRows(spec, await readPg(client, spec));
          report.targetRows = target.length;
          report.targetChecksum = checksum(target);
        }
      }
      const chains = targetReady
        ? await verifyChains(client, sqlite)
        : { total: 0, intact: 0, broken: [], brokenInSource: [] };
      const ok = dryRun
        ? tables.every((t) => t.conflicts.length === 0)
        : tables.every(
            (t) =>
              t.conflicts.length === 0 &&
              t.sourceRows === t.targetRows &&
              t.sourceChecksum === t.targetChecksum,
          ) && chains.intact === chains.total;
      return {
        from,
        to: masked,
        dryRun,
        freshTarget: !hadSchema,
        migrationsApplied,
        tables,
        chains,
        sequencesRaised,
        ok,
      };
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    sqlite.close();
  }
}

function openSource(path: string): Database.Database {
  try {
    // Read-only: the SQLite file stays exactly as it was (it is the rollback).
    return new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new MoveError(`Cannot open ${path} as a SQLite file: ${(error as Error).message}`);
  }
}

/** The SQLite file must be at exactly this version's migrations, with exactly the schema's columns. */
function checkSourceSchema(sqlite: Database.Database, path: string, specs: TableSpec[]): void {
  const journal = JSON.parse(readFileSync(join(defaultMigrationsFolder(), "meta/_journal.json"), "utf8")) as {
    entries: Array<{ tag: string; when: number }>;
  };
  const hasLedger = sqlite
    .prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  if (!hasLedger) throw new MoveError(`${path} is not an imoc record (no migrations table): check --from.`);
  const applied = new Set(
    (sqlite.prepare("select created_at as at from __drizzle_migrations").all() as Array<{ at: number }>).map(
      (r) => Number(r.at),
    ),
  );
  const known = new Set(journal.entries.map((e) => e.when));
  const unknown = [...applied].filter((at) => !known.has(at));
  if (unknown.length > 0)
    throw new MoveError(
      `${path} has ${unknown.length} migration(s) this version of imoc does not know (a newer imoc wrote it): move with that version.`,
    );
  const pending = journal.entries.filter((e) => !applied.has(e.when)).map((e) => e.tag);
  if (pending.length > 0)
    throw new MoveError(
      `${path} has ${pending.length} pending migration(s) (${pending.join(", ")}): start this version of imoc on it once (it migrates at start-up), stop it, then move.`,
    );
  const tables = (
    sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations'",
      )
      .all() as Array<{ name: string }>
  ).map((r) => r.name);
  const problems = schemaProblems(specs, tables, (table) =>
    (sqlite.prepare(`pragma table_info("${table}")`).all() as Array<{ name: string }>).map((c) => c.name),
  );
  if (problems.length > 0)
    throw new MoveError(`The tables of ${path} differ from the record's schema: ${problems.join("; ")}`);
}

function schemaProblems(
  specs: TableSpec[],
  tables: string[],
  columnsOf: (table: string) => string[],
): string[] {
  const problems: string[] = [];
  const expected = new Set(specs.map((s) => s.name));
  for (const t of tables) if (!expected.has(t)) problems.push(`unknown table ${t}`);
  for (const spec of specs) {
    if (!tables.includes(spec.name)) {
      problems.push(`no table ${spec.name}`);
      continue;
    }
    const have = columnsOf(spec.name);
    const want = spec.columns.map((c) => c.name);
    for (const c of want) if (!have.includes(c)) problems.push(`${spec.name}.${c} is missing`);
    for (const c of have) if (!want.includes(c)) problems.push(`${spec.name}.${c} is unknown`);
  }
  return problems;
}

async function connect(url: string, masked: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    const e = error as Error & { code?: string };
    const why = e.code && !e.message.includes(e.code) ? `${e.message} (${e.code})` : e.message;
    throw new MoveError(`Cannot reach PostgreSQL at ${masked}: ${why || "connection failed"}`);
  }
}

async function hasSchema(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query("select to_regclass('public.incidents') is not null as present");
  return rows[0]?.present === true;
}

async function appliedPgMigrations(client: pg.Client): Promise<number> {
  const ledger = await client.query(
    "select to_regclass('drizzle.__drizzle_migrations') is not null as present",
  );
  if (ledger.rows[0]?.present !== true) return 0;
  const { rows } = await client.query("select count(*)::int as n from drizzle.__drizzle_migrations");
  return Number(rows[0]?.n ?? 0);
}

const PG_TYPES: Record<Kind, string[]> = {
  int: ["integer", "bigint"],
  text: ["text"],
  json: ["text"],
  bool: ["boolean"],
  time: ["timestamp with time zone"],
};

async function checkTargetSchema(client: pg.Client, masked: string, specs: TableSpec[]): Promise<void> {
  const { rows } = await client.query<{ table: string; column: string; type: string }>(
    `select table_name as "table", column_name as "column", data_type as "type"
       from information_schema.columns where table_schema = 'public'`,
  );
  const tables = [...new Set(rows.map((r) => r.table))];
  const problems = schemaProblems(specs, tables, (t) =>
    rows.filter((r) => r.table === t).map((r) => r.column),
  );
  for (const spec of specs)
    for (const c of spec.columns) {
      const found = rows.find((r) => r.table === spec.name && r.column === c.name);
      if (found && !PG_TYPES[c.kind].includes(found.type))
        problems.push(`${spec.name}.${c.name} is ${found.type}, expected ${PG_TYPES[c.kind].join(" or ")}`);
    }
  if (problems.length > 0)
    throw new MoveError(`The tables on ${masked} differ from the record's schema: ${problems.join("; ")}`);
}

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(", ");

function readSqlite(sqlite: Database.Database, spec: TableSpec): unknown[][] {
  return sqlite
    .prepare(`select ${quoted(spec.columns.map((c) => c.name))} from "${spec.name}"`)
    .raw(true)
    .all() as unknown[][];
}

async function readPg(client: pg.Client, spec: TableSpec): Promise<unknown[][]> {
  const result = await client.query({
    text: `select ${quoted(spec.columns.map((c) => c.name))} from "${spec.name}"`,
    rowMode: "array",
  });
  return result.rows as unknown[][];
}

function compare(spec: TableSpec, source: Row[], target: Row[]): { missing: Row[]; report: TableReport } {
  const onTarget = new Map(target.map((r) => [JSON.stringify(r.key), r]));
  const missing: Row[] = [];
  const conflicts: string[] = [];
  let alreadyThere = 0;
  for (const row of source) {
    const keyText = JSON.stringify(row.key);
    const there = onTarget.get(keyText);
    onTarget.delete(keyText);
    if (!there) missing.push(row);
    else if (there.line === row.line) alreadyThere++;
    else {
      const differing = spec.columns.filter((_, i) => there.values[i] !== row.values[i]).map((c) => c.name);
      conflicts.push(
        `${spec.name} ${describeKey(spec, row.key)} differs on the target in ${differing.join(", ")}`,
      );
    }
  }
  return {
    missing,
    report: {
      table: spec.name,
      sourceRows: source.length,
      targetRows: target.length,
      copied: missing.length,
      alreadyThere,
      conflicts,
      onlyOnTarget: onTarget.size,
      sourceChecksum: checksum(source),
      targetChecksum: checksum(target),
    },
  };
}

const describeKey = (spec: TableSpec, key: Value[]) =>
  spec.key.map((k, i) => `${k}=${JSON.stringify(key[i])}`).join(" ");

/** Inserts the missing rows in one transaction; anything refused rolls it all back. */
async function copy(
  client: pg.Client,
  specs: TableSpec[],
  plan: Map<string, { missing: Row[]; report: TableReport }>,
): Promise<{ conflicts: Map<string, string[]>; sequencesRaised: number }> {
  const conflicts = new Map<string, string[]>();
  let sequencesRaised = 0;
  await client.query("begin");
  try {
    for (const spec of specs) {
      const rows = plan.get(spec.name)?.missing ?? [];
      const width = spec.columns.length;
      const batch = Math.max(1, Math.min(500, Math.floor(60_000 / width)));
      for (let i = 0; i < rows.length; i += batch) {
        const chunk = rows.slice(i, i + batch);
        const params = chunk.flatMap((r) => spec.columns.map((c, j) => toPg(c.kind, r.raw[j])));
        const values = chunk
          .map((_, r) => `(${spec.columns.map((_, j) => `$${r * width + j + 1}`).join(", ")})`)
          .join(", ");
        const result = await client.query(
          `insert into "${spec.name}" (${quoted(spec.columns.map((c) => c.name))}) values ${values} on conflict do nothing`,
          params,
        );
        const refused = chunk.length - (result.rowCount ?? 0);
        if (refused > 0)
          conflicts.set(spec.name, [
            ...(conflicts.get(spec.name) ?? []),
            `${spec.name}: ${refused} row(s) refused by a unique value another row on the target already holds`,
          ]);
      }
      if (spec.identity) sequencesRaised += await raiseSequence(client, spec.name);
    }
    await client.query(conflicts.size > 0 ? "rollback" : "commit");
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw new MoveError(`Copying failed, nothing was written: ${(error as Error).message}`);
  }
  // Rolled back: nothing was copied.
  if (conflicts.size > 0) for (const p of plan.values()) p.report.copied = 0;
  return { conflicts, sequencesRaised };
}

/** Moves an identity sequence past the largest id (never back), so new rows get fresh ids. */
async function raiseSequence(client: pg.Client, table: string): Promise<number> {
  const seq = (
    await client.query<{ seq: string | null }>("select pg_get_serial_sequence($1, 'id') as seq", [table])
  ).rows[0]?.seq;
  if (!seq) return 0;
  const top = (await client.query<{ top: number | null }>(`select max(id) as top from "${table}"`)).rows[0]
    ?.top;
  const state = (
    await client.query<{ last: string; called: boolean }>(
      `select last_value as last, is_called as called from ${seq}`,
    )
  ).rows[0];
  if (top == null || !state) return 0;
  const next = Number(state.last) + (state.called ? 1 : 0);
  if (top < next) return 0;
  await client.query("select setval($1, $2)", [seq, top]);
  return 1;
}

const CHAIN_SQL = `select ${EVENT_COLUMNS}, prev_hash, hash from timeline_events order by incident_id, seq`;

function chainsOf(rows: RawEventRow[], incidentIds: number[]): Map<number, TimelineEvent[]> {
  const byIncident = new Map<number, TimelineEvent[]>(incidentIds.map((id) => [id, []]));
  for (const row of rows) {
    const event = fromRaw(row);
    const list = byIncident.get(event.incidentId) ?? [];
    list.push(event);
    byIncident.set(event.incidentId, list);
  }
  return byIncident;
}

/** Every incident's chain on the target, recomputed with the domain's chain check. */
async function verifyChains(client: pg.Client, sqlite: Database.Database): Promise<MoveReport["chains"]> {
  const ids = (await client.query<{ id: number }>("select id from incidents order by id")).rows.map(
    (r) => r.id,
  );
  const raw = (await client.query({ text: CHAIN_SQL, rowMode: "array" })).rows as unknown[][];
  // timestamptz comes back as Date: the mapper shared with SQLite takes epoch ms.
  const rows = raw.map((r) => r.map((v) => (v instanceof Date ? v.getTime() : v)) as RawEventRow);
  const sourceIds = (sqlite.prepare("select id from incidents").all() as Array<{ id: number }>).map(
    (r) => r.id,
  );
  const sourceChains = chainsOf(sqlite.prepare(CHAIN_SQL).raw(true).all() as RawEventRow[], sourceIds);
  const broken: string[] = [];
  const brokenInSource: string[] = [];
  for (const [id, events] of chainsOf(rows, ids)) {
    const verdict = verifyChain(events);
    if (verdict.ok) continue;
    broken.push(`INC-${id}: ${verdict.message}`);
    const before = sourceChains.get(id);
    if (before && !verifyChain(before).ok) brokenInSource.push(`INC-${id}`);
  }
  return { total: ids.length, intact: ids.length - broken.length, broken, brokenInSource };
}

/** The report people read: one line per table, the chains, a verdict. */
export function formatMoveReport(report: MoveReport): string {
  const lines: string[] = [];
  lines.push(`${report.dryRun ? "Dry run (nothing written): " : ""}moving ${report.from} to ${report.to}`);
  if (report.dryRun && report.freshTarget)
    lines.push(
      "The target has no imoc schema yet: its migrations would be applied and every row counts as to copy.",
    );
  else if (report.migrationsApplied > 0)
    lines.push(`Applied ${report.migrationsApplied} PostgreSQL migration(s) on the target.`);
  const head = [
    "table",
    "source rows",
    "target rows",
    report.dryRun ? "to copy" : "copied",
    "already there",
    "checksum",
  ];
  const body = report.tables.map((t) => [
    t.table,
    String(t.sourceRows),
    String(t.targetRows),
    String(t.copied),
    String(t.alreadyThere),
    report.dryRun && report.freshTarget ? "-" : checksumCell(t, report.dryRun),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join("  ");
  lines.push(fmt(head), ...body.map(fmt));
  for (const t of report.tables) {
    for (const c of t.conflicts.slice(0, 5)) lines.push(`CONFLICT: ${c} (not overwritten)`);
    if (t.conflicts.length > 5) lines.push(`CONFLICT: ${t.conflicts.length - 5} more in ${t.table}`);
    if (t.onlyOnTarget > 0)
      lines.push(`ONLY ON TARGET: ${t.onlyOnTarget} row(s) of ${t.table} are not in the SQLite file`);
  }
  if (report.sequencesRaised > 0)
    lines.push(`Identity sequences moved past the copied ids: ${report.sequencesRaised}.`);
  const { chains } = report;
  if (!report.dryRun || !report.freshTarget) {
    lines.push(
      `chains verified ${chains.intact}/${chains.total} (every incident's hash chain on the target)`,
    );
    for (const b of chains.broken)
      lines.push(
        `BROKEN CHAIN: ${b}${chains.brokenInSource.some((s) => b.startsWith(`${s}:`)) ? " (already broken in the SQLite file)" : ""}`,
      );
  }
  lines.push(verdict(report));
  return lines.join("\n");
}

function checksumCell(t: TableReport, dryRun: boolean): string {
  if (t.targetChecksum === t.sourceChecksum) return "match";
  return dryRun ? "differs" : "MISMATCH";
}

function verdict(report: MoveReport): string {
  const rows = report.tables.reduce((n, t) => n + t.sourceRows, 0);
  const copied = report.tables.reduce((n, t) => n + t.copied, 0);
  const conflicts = report.tables.reduce((n, t) => n + t.conflicts.length, 0);
  if (report.dryRun)
    return conflicts > 0
      ? `Verdict: DRY RUN found ${conflicts} conflict(s): the move would refuse to write. Nothing was written.`
      : `Verdict: DRY RUN: ${copied} of ${rows} rows would be copied into ${report.tables.length} tables. Nothing was written.`;
  if (report.ok)
    return `Verdict: OK. ${rows} rows in ${report.tables.length} tables match (counts and checksums), ${report.chains.intact}/${report.chains.total} chains intact; copied ${copied} now. Point DATABASE_URL at the target.`;
  if (conflicts > 0)
    return `Verdict: FAILED: ${conflicts} conflict(s); nothing was written. Find out why the target differs before moving again.`;
  const differ = report.tables.filter(
    (t) => t.sourceRows !== t.targetRows || t.sourceChecksum !== t.targetChecksum,
  );
  const why = [
    differ.length > 0 ? `${differ.length} table(s) differ (${differ.map((t) => t.table).join(", ")})` : "",
    report.chains.broken.length > 0 ? `${report.chains.broken.length} chain(s) broken` : "",
  ].filter(Boolean);
  return `Verdict: FAILED: ${why.join("; ")}. Do not switch DATABASE_URL to the target.`;
}
