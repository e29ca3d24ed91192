/**
 * `npm run bench` (part): the IMOC log on PostgreSQL beside SQLite, through the same store ports —
 * append rate (one transaction each: per-incident lock, seq, hash chain) and the export of an
 * incident of 10,000 events. PostgreSQL is a throw-away cluster (Debian's initdb/pg_ctl, as in the
 * tests, but with fsync on) unless IMOC_BENCH_PG_URL names a database to use. Prints figures; no assertion.
 */
import { cpus, loadavg } from "node:os";
import type { Record } from "../src/adapters/db/record.js";
import { openSqliteRecord } from "../src/adapters/db/sqlite-record.js";
import { openPgRecord } from "../src/adapters/pg/pg-record.js";
import { exportReview } from "../src/app/review/export-review.js";
import { systemClock } from "../src/ports/clock.js";
import { createPgDatabase, startPostgres } from "../test/support/postgres.js";
import { createTmpDb } from "../test/support/tmp-db.js";
import { fillBenchIncident } from "./fill-log.js";
import { measureRuns } from "./measure.js";

const EVENTS = 10_000;

/** The export of the whole incident, median wall time of ten runs. */
async function exportMs(record: Record, incidentId: number, format: "md" | "json"): Promise<number> {
  const deps = { incidents: record.stores.incidents, timeline: record.stores.timeline, clock: systemClock };
  const measured = await measureRuns(async () => {
    await exportReview(deps, incidentId, format, "Europe/Berlin");
    return 0;
  });
  return measured.median;
}

async function measure(name: string, record: Record) {
  const { incidentId, appendMs } = fillBenchIncident(record.stores, EVENTS);
  const rate = Math.round(((EVENTS - 1) / appendMs) * 1000);
  const md = await exportMs(record, incidentId, "md");
  const json = await exportMs(record, incidentId, "json");
  console.log(
    `  ${name.padEnd(10)} append ${rate.toLocaleString().padStart(7)} events/s   export 10,000 events: Markdown ${md.toFixed(1)} ms, JSON ${json.toFixed(1)} ms (median of 10)`,
  );
}

const tmp = createTmpDb("bench-record");
const cluster = process.env.IMOC_BENCH_PG_URL ? null : await startPostgres({ durable: true });
try {
  console.log(
    `The record on SQLite and on PostgreSQL (same store ports; load average ${loadavg()[0]?.toFixed(2)} on ${cpus().length} CPUs)`,
  );
  const sqlite = openSqliteRecord(tmp.path, systemClock);
  await measure("SQLite", sqlite);
  sqlite.close();
  const url =
    process.env.IMOC_BENCH_PG_URL ?? (await createPgDatabase((cluster as { url: string }).url, "bench"));
  const pg = await openPgRecord(url, systemClock);
  await measure("PostgreSQL", pg);
  pg.close();
  console.log(
    "  (PostgreSQL: a local throw-away cluster, fsync and synchronous_commit on; SQLite: WAL, synchronous=NORMAL. Each PostgreSQL statement is one round trip, so a remote server adds its latency per statement)",
  );
} finally {
  tmp.remove();
  await cluster?.stop();
}
