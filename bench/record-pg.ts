/**
 * `npm run bench` (part): the IMOC log on PostgreSQL beside SQLite, through the same store ports —
 * append rate (one transaction each: per-incident lock, seq, hash chain) and the export of an
 * incident of 10,000 events. PostgreSQL is a throw-away cluster (Debian's initdb/pg_ctl, as in the
 * tests, but with fsync on) unless IMOC_BENCH_PG_URL names a database to use. Prints figures; no assertion.
 */
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import type { Record } from "../src/adapters/db/record.js";
import { openSqliteRecord } from "../src/adapters/db/sqlite-record.js";
import { openPgRecord } from "../src/adapters/pg/pg-record.js";
import { exportReview } from "../src/app/review/export-review.js";
import type { TimelineKind } from "../src/domain/timeline/timeline-event.js";
import { systemClock } from "../src/ports/clock.js";
import { createPgDatabase, startPostgres } from "../test/support/postgres.js";
import { createTmpDb } from "../test/support/tmp-db.js";

const EVENTS = 10_000;
const kinds: TimelineKind[] = ["note", "message_recorded", "status_update", "page_sent", "page_acknowledged"];
const start = Date.UTC(2026, 10, 25, 21, 0);

function fill(record: Record): { incidentId: number; appendMs: number } {
  const { incidents, timeline } = record.stores;
  const incident = incidents.create(
    {
      title: "Bench: checkout API returns 500s",
      description: null,
      severity: "sev1",
      security: false,
      declaredBy: "U1",
      declaredAt: new Date(start),
    },
    () => ({ kind: "declared", occurredAt: new Date(start), actor: "slack:U1", text: "Declared SEV-1" }),
  );
  const t0 = performance.now();
  for (let i = 1; i < EVENTS; i++) {
    const kind = kinds[i % kinds.length] as TimelineKind;
    timeline.append({
      incidentId: incident.id,
      kind,
      occurredAt: new Date(start + i * 1000),
      actor: i % 3 ? "slack:U1" : "bot",
      text: `Event ${i}: error rate ${i % 100}% on /checkout | region eu-west-1`,
      data: kind.startsWith("page_") ? { target: "primary", targetLabel: "Primary on-call" } : { i },
      source:
        kind === "message_recorded"
          ? { channelId: "C1", messageTs: `${start / 1000 + i}.000100`, permalink: null }
          : null,
    });
  }
  return { incidentId: incident.id, appendMs: performance.now() - t0 };
}

/** Two warm-up runs, then ten measured; the median. */
async function exportMs(record: Record, incidentId: number, format: "md" | "json"): Promise<number> {
  const deps = { incidents: record.stores.incidents, timeline: record.stores.timeline, clock: systemClock };
  const runs: number[] = [];
  for (let run = 0; run < 12; run++) {
    const s = performance.now();
    await exportReview(deps, incidentId, format, "Europe/Berlin");
    if (run >= 2) runs.push(performance.now() - s);
  }
  runs.sort((a, b) => a - b);
  return ((runs[4] as number) + (runs[5] as number)) / 2;
}

async function measure(name: string, record: Record) {
  const { incidentId, appendMs } = fill(record);
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
