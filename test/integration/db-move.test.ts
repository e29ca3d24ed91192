import { execFile } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "../../src/adapters/db/client.js";
import { SIGNING_SECRET } from "../support/bot-harness.js";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import { createPgDatabase } from "../support/postgres.js";
import { freePort } from "../support/free-port.js";
import { reactionAdded, sendEvent } from "../support/slack-signer.js";
import { waitFor } from "../support/wait-for.js";

const API_TOKEN = "test-api-token-0123456789";
const root = resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "imoc-move-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
// The test cluster trusts 127.0.0.1, so any password is accepted: it is only there to be masked.
const PASSWORD = "s3cret-Pa55word";
const withPassword = (url: string) => url.replace("://imoc@", `://imoc:${PASSWORD}@`);

const h = useHarness({ API_TOKEN });
const driver = incidentDriver(h);
const api = (path: string) =>
  fetch(`${h().bot.url}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });

interface Run {
  code: number;
  out: string;
}
/** `npm run db:move -- ...` as an operator runs it. */
async function move(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      "npm",
      ["run", "--silent", "db:move", "--", ...args],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: "", DATABASE_PATH: "" },
      },
    );
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** The report's table: per table, its numbers and checksum verdict. */
function tableOf(
  out: string,
): Map<string, { source: number; target: number; copied: number; already: number; checksum: string }> {
  const rows = new Map();
  for (const line of out.split("\n")) {
    const m = /^(\w+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(.+)$/.exec(line);
    if (m)
      rows.set(m[1], {
        source: Number(m[2]),
        target: Number(m[3]),
        copied: Number(m[4]),
        already: Number(m[5]),
        checksum: (m[6] as string).trim(),
      });
  }
  return rows;
}

async function pgQuery<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

let sqlitePath: string;
/** Every table of the record and its row count in the SQLite file. */
let counts: Map<string, number>;
let sev1: { id: number; channelId: string };
let reviewBefore: { md: string; json: string };
let incidentCount: number;

/** The review is pulled at a moment it names; everything else must be the same. */
const withoutPullTime = (text: string) =>
  text
    .replace(/pulled from the IMOC log on [^.]*\./, "pulled from the IMOC log on <time>.")
    .replace(/"generatedAt":"[^"]*"/, '"generatedAt":"<time>"');

async function exportReview(id: number): Promise<{ md: string; json: string }> {
  const md = await api(`/api/incidents/${id}/timeline?format=md`);
  const json = await api(`/api/incidents/${id}/timeline?format=json`);
  expect(md.status).toBe(200);
  expect(json.status).toBe(200);
  return { md: withoutPullTime(await md.text()), json: withoutPullTime(await json.text()) };
}

/** Several incidents played through Slack: a corrected note, a pinned message, a drill, roles, follow-ups, a resolved SEV-1. */
async function play(): Promise<void> {
  const slash = driver.slash;
  sev1 = await driver.declare("sev1", "Checkout API returns 500s");
  const { channelId } = sev1;
  h().slack.channel(channelId)?.members.push("U_PRIMARY", "U_IC");
  const message = h().slack.userPosts(channelId, "U_PRIMARY", "Error rate 38% on /checkout since 02:58");
  await sendEvent(
    h().bot.url,
    SIGNING_SECRET,
    reactionAdded({ reaction: "pushpin", userId: "U_IC", channelId, ts: message.ts }),
  );
  await waitFor(() => driver.events(sev1.id).some((e) => e.kind === "message_recorded"));
  await slash("ack", { channelId, userId: "U_PRIMARY" });
  await slash("note Rollback to 1.4.1 started", { channelId, userId: "U_IC" });
  const note = driver.rows<{ seq: number; occurred_at: number }>(
    "select seq, occurred_at from timeline_events where incident_id = ? and kind = 'note'",
    sev1.id,
  )[0]!;
  const fixed = await slash(
    `timeline fix ${note.seq} ${new Date(note.occurred_at - 120_000).toISOString()}`,
    { channelId, userId: "U_IC" },
  );
  expect(fixed).toContain(`Corrected #${note.seq}`);
  await slash("followup Add a retry budget to checkout <@U_PRIMARY|pat> due 2026-12-04", { channelId });
  await slash("mitigate", { channelId, userId: "U_PRIMARY" });
  await slash("resolve Rolled back to 1.4.1", { channelId, userId: "U_PRIMARY" });

  const sev2 = await driver.declare("sev2", "Search results are stale");
  await slash("role comms <@U_IC|ira>", { channelId: sev2.channelId });
  await slash("note Indexer lag 40 minutes", { channelId: sev2.channelId, userId: "U_IC" });

  const drill = await driver.declare("--drill sev2", "Game day: payments queue backs up");
  await slash("ack", { channelId: drill.channelId, userId: "U_PRIMARY" });
  await slash("resolve Drained the queue", { channelId: drill.channelId, userId: "U_PRIMARY" });
}

beforeAll(async () => {
  await play();
  reviewBefore = await exportReview(sev1.id);
  expect(reviewBefore.md).toContain("Rolled back to 1.4.1");
  incidentCount = h().bot.deps.incidents.list().length;
  // The move: stop the bot, take a copy of its SQLite file, move the copy.
  await h().bot.stop();
  sqlitePath = join(scratch, "imoc-copy.sqlite");
  copyFileSync(h().db.path, sqlitePath);
  const db = new Database(sqlitePath, { readonly: true });
  try {
    const tables = db
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations'",
      )
      .all() as Array<{ name: string }>;
    counts = new Map(
      tables.map((t) => [
        t.name,
        (db.prepare(`select count(*) as n from "${t.name}"`).get() as { n: number }).n,
      ]),
    );
  } finally {
    db.close();
  }
}, 120_000);

/** The database the clean move went to; the bot starts on it at the end. */
let target: string;

describe("npm run db:move", () => {
  it("--dry-run on a fresh database reports every row as to copy and writes nothing", async () => {
    const fresh = withPassword(await createPgDatabase(inject("pgAdminUrl"), "move_dry"));
    const run = await move("--from", sqlitePath, "--to", fresh, "--dry-run");
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain("no imoc schema yet");
    expect(run.out).not.toContain(PASSWORD);
    const table = tableOf(run.out);
    expect([...table.keys()].sort()).toEqual([...counts.keys()].sort());
    for (const [name, n] of counts)
      expect(table.get(name), name).toMatchObject({ source: n, target: 0, copied: n });
    expect(run.out).toMatch(/would be copied.*Nothing was written/);
    const created = await pgQuery<{ n: number }>(
      fresh,
      "select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle')",
    );
    expect(created).toEqual([{ n: 0 }]);
  }, 60_000);

  it("copies every table, verifies counts, checksums and every chain, with the password masked", async () => {
    target = withPassword(await createPgDatabase(inject("pgAdminUrl"), "move"));
    const run = await move("--from", sqlitePath, "--to", target);
    if (process.env.DUMP_MOVE) console.log(run.out);
    expect(run.code, run.out).toBe(0);
    expect(run.out).not.toContain(PASSWORD);
    expect(run.out).toContain("imoc:***@");
    const table = tableOf(run.out);
    expect(counts.get("incidents")).toBe(incidentCount);
    for (const [name, n] of counts)
      expect(table.get(name), name).toEqual({
        source: n,
        target: n,
        copied: n,
        already: 0,
        checksum: "match",
      });
    expect(run.out).toContain(`chains verified ${incidentCount}/${incidentCount}`);
    expect(run.out).toMatch(/^Verdict: OK/m);

    // What PostgreSQL holds: same ids, dates, booleans, JSON text byte for byte.
    const source = new Database(sqlitePath, { readonly: true });
    try {
      const events = source
        .prepare("select id, occurred_at, data, hash from timeline_events order by id")
        .all() as Array<{ id: number; occurred_at: number; data: string; hash: string }>;
      const moved = await pgQuery<{ id: number; occurred_at: Date; data: string; hash: string }>(
        target,
        "select id, occurred_at, data, hash from timeline_events order by id",
      );
      expect(moved.map((e) => ({ ...e, occurred_at: e.occurred_at.getTime() }))).toEqual(events);
      const drills = await pgQuery<{ id: number; drill: boolean }>(
        target,
        "select id, drill from incidents order by id",
      );
      expect(drills.map((d) => d.drill)).toEqual(
        (source.prepare("select drill from incidents order by id").all() as Array<{ drill: number }>).map(
          (d) => d.drill === 1,
        ),
      );
      expect(drills.filter((d) => d.drill)).toHaveLength(1);
    } finally {
      source.close();
    }
  }, 60_000);

  it("a second run copies nothing: every row is already there", async () => {
    const run = await move("--from", sqlitePath, "--to", target);
    expect(run.code, run.out).toBe(0);
    const table = tableOf(run.out);
    for (const [name, n] of counts)
      expect(table.get(name), name).toEqual({
        source: n,
        target: n,
        copied: 0,
        already: n,
        checksum: "match",
      });
    expect(run.out).toMatch(/^Verdict: OK/m);
  }, 60_000);

  it("a row changed on the target is a conflict: reported, not overwritten, exit 1", async () => {
    const tampered = withPassword(await createPgDatabase(inject("pgAdminUrl"), "move_tamper"));
    expect((await move("--from", sqlitePath, "--to", tampered)).code).toBe(0);
    const [event] = await pgQuery<{ id: number; incident_id: number }>(
      tampered,
      "update timeline_events set text = 'Nothing happened' where id = (select min(id) from timeline_events where kind = 'note') returning id, incident_id",
    );
    const run = await move("--from", sqlitePath, "--to", tampered);
    if (process.env.DUMP_MOVE) console.log(run.out);
    expect(run.code, run.out).toBe(1);
    expect(run.out).toContain(
      `CONFLICT: timeline_events id=${event!.id} differs on the target in text (not overwritten)`,
    );
    expect(tableOf(run.out).get("timeline_events")?.checksum).toBe("MISMATCH");
    expect(run.out).toContain(`chains verified ${incidentCount - 1}/${incidentCount}`);
    expect(run.out).toContain(`BROKEN CHAIN: INC-${event!.incident_id}`);
    expect(run.out).toMatch(/^Verdict: FAILED/m);
    expect(await pgQuery(tampered, "select text from timeline_events where id = $1", [event!.id])).toEqual([
      { text: "Nothing happened" },
    ]);
  }, 60_000);

  it("refuses what it cannot move, with an error that says what to fix", async () => {
    const missing = await move("--from", join(scratch, "nope.sqlite"), "--to", "postgres://x@127.0.0.1/x");
    expect(missing).toMatchObject({ code: 2, out: expect.stringContaining("No SQLite file at") });
    const notPg = await move("--from", sqlitePath, "--to", `mysql://root:${PASSWORD}@db/imoc`);
    expect(notPg.code).toBe(2);
    expect(notPg.out).toContain("--to must be a postgres:// or postgresql:// URL");
    expect(notPg.out).not.toContain(PASSWORD);
    const port = await freePort();
    const down = await move(
      "--from",
      sqlitePath,
      "--to",
      `postgres://imoc:${PASSWORD}@127.0.0.1:${port}/imoc`,
    );
    expect(down.code).toBe(2);
    expect(down.out).toContain(`Cannot reach PostgreSQL at postgres://imoc:***@127.0.0.1:${port}/imoc`);
    expect(down.out).not.toContain(PASSWORD);

    // A file one migration behind this version: it must be migrated by the bot first.
    const folder = join(scratch, "migrations-behind");
    cpSync(join(root, "migrations"), folder, { recursive: true });
    const journalPath = join(folder, "meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: Array<{ tag: string }> };
    const last = journal.entries.pop()!;
    writeFileSync(journalPath, JSON.stringify(journal));
    const behind = join(scratch, "behind.sqlite");
    openDatabase(behind, folder).close();
    const old = await move(
      "--from",
      behind,
      "--to",
      withPassword(await createPgDatabase(inject("pgAdminUrl"))),
    );
    expect(old.code).toBe(2);
    expect(old.out).toContain(`1 pending migration(s) (${last.tag})`);

    // A file whose tables are not this version's.
    const changed = join(scratch, "changed.sqlite");
    copyFileSync(sqlitePath, changed);
    const db = new Database(changed);
    db.exec("alter table incidents add column region text");
    db.close();
    const differs = await move(
      "--from",
      changed,
      "--to",
      withPassword(await createPgDatabase(inject("pgAdminUrl"))),
    );
    expect(differs.code).toBe(2);
    expect(differs.out).toContain("differ from the record's schema: incidents.region is unknown");
  }, 90_000);
});

describe("the bot started on the moved record (DATABASE_URL)", () => {
  it("answers /incident status in an incident channel and exports the same review as before the move", async () => {
    h().vars.DATABASE_URL = target;
    await h().restart();
    const status = await driver.slash("status", { channelId: sev1.channelId, unsettled: true });
    expect(status).toContain(`INC-${sev1.id}`);
    expect(status).toContain("Checkout API returns 500s");
    expect(await exportReview(sev1.id)).toEqual(reviewBefore);

    // New rows get fresh ids: the sequences were moved past the copied ones.
    await driver.slash("declare sev3 Flaky CSV export", { unsettled: true });
    const declared = await waitFor(
      async () =>
        (
          await pgQuery<{ id: number }>(target, "select id from incidents where title = 'Flaky CSV export'")
        )[0],
    );
    expect(declared.id).toBe(incidentCount + 1);

    // `npm run timeline:verify` reads the same record from PostgreSQL.
    const verify = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "src/cli/timeline-verify.ts"],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: target, DATABASE_PATH: h().db.path },
      },
    );
    expect(verify.stdout).not.toContain(PASSWORD);
    for (let id = 1; id <= incidentCount + 1; id++)
      expect(verify.stdout).toMatch(new RegExp(`^INC-${id}: intact`, "m"));

    // The rollback check of the README: what PostgreSQL has that the kept SQLite file has not.
    const check = await move("--from", sqlitePath, "--to", target, "--dry-run");
    if (process.env.DUMP_MOVE) console.log(check.out);
    expect(check.out).toContain("ONLY ON TARGET: 1 row(s) of incidents are not in the SQLite file");
  }, 90_000);
});
