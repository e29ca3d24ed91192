/**
 * `npm run bench`: the IMOC log's append rate (through the real store: transaction, seq, hash
 * chain, SQLite file in WAL mode) and the time to export an incident of 10,000 events as
 * Markdown and as JSON. Prints figures; no assertion (machines differ).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openDatabase } from "../src/adapters/db/client.js";
import { createSqliteStores } from "../src/adapters/db/sqlite-incident-store.js";
import { generateKeyPairSync } from "node:crypto";
import { createSigner, createVerifier } from "../src/adapters/custody/audit-key.js";
import { createEvidenceVault } from "../src/adapters/custody/evidence-vault.js";
import { createSqliteAccessLog, createSqliteCheckpointStore } from "../src/adapters/db/sqlite-custody.js";
import { takeCheckpoint } from "../src/app/custody/take-checkpoint.js";
import { exportReview } from "../src/app/review/export-review.js";
import { verifyTimeline } from "../src/app/timeline/verify-timeline.js";
import { verifyChain } from "../src/domain/timeline/timeline-chain.js";
import { systemClock } from "../src/ports/clock.js";
import { fillBenchIncident } from "./fill-log.js";
import { measureRuns } from "./measure.js";

const EVENTS = 10_000;
const dir = mkdtempSync(join(tmpdir(), "imoc-bench-"));
const database = openDatabase(join(dir, "bench.sqlite"));
const { incidents, timeline } = createSqliteStores(database.db, systemClock);
const { incidentId, appendMs } = fillBenchIncident({ incidents, timeline }, EVENTS);
const incident = { id: incidentId };

const deps = { incidents, timeline, clock: systemClock };
/** The export of the whole incident, read + review + render. */
async function measure(format: "md" | "json") {
  // Start each series on a clean heap: the append phase's garbage is not the export's cost.
  (globalThis as { gc?: () => void }).gc?.();
  return measureRuns(async () => {
    const exported = await exportReview(deps, incident.id, format, "Europe/Berlin");
    return exported.kind === "md"
      ? exported.markdown.length
      : JSON.stringify(exported.kind === "json" ? exported.json : null).length;
  });
}
const results = [["Markdown", await measure("md")] as const, ["JSON", await measure("json")] as const];

const events = timeline.list(incident.id);
const verifyStart = performance.now();
const verdict = verifyChain(events);
const verifyMs = performance.now() - verifyStart;

const load = loadavg()[0]!.toFixed(2);
console.log(
  `IMOC log bench (${events.length} events in one incident, SQLite file, WAL; load average ${load} on ${cpus().length} CPUs)`,
);
console.log(
  `  append: ${(EVENTS - 1).toLocaleString()} events in ${appendMs.toFixed(0)} ms = ${Math.round(((EVENTS - 1) / appendMs) * 1000).toLocaleString()} events/s (one transaction each, hash chained)`,
);
for (const [name, r] of results) {
  console.log(
    `  export ${name} (read + review + render, tz Europe/Berlin, ${(r.bytes / 1024).toFixed(0)} KiB): median ${r.median.toFixed(1)} ms wall (best ${r.best.toFixed(1)}, worst ${r.worst.toFixed(1)}), ${r.cpuMedian.toFixed(1)} ms CPU (goal < 100 ms: ${r.median < 100 ? "met" : "NOT met"})`,
  );
}
console.log(`  verify chain: ${verifyMs.toFixed(1)} ms, ${verdict.ok ? "intact" : "BROKEN"}`);

// Chain of custody: a signed checkpoint of the whole log, an export that carries it (the log did
// not move: the checkpoint stands), and verification against it.
const key = generateKeyPairSync("ed25519").privateKey;
const silent = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
const custodyDeps = {
  ...deps,
  checkpoints: createSqliteCheckpointStore(database.db),
  accessLog: createSqliteAccessLog(database.db),
  custody: {
    signer: createSigner(key),
    verifier: createVerifier(key),
    auditChannel: null,
    evidenceAll: false,
    vault: createEvidenceVault(join(dir, "evidence")),
    source: { download: () => Promise.reject(new Error("no Slack in the bench")) },
    checkpointMessage: () => ({ text: "" }),
  },
  outbox: { add() {} },
  transaction: <T>(fn: () => T) => database.sqlite.transaction(fn)(),
  logger: silent,
};
const timed = <T>(fn: () => T): [T, number] => {
  const s = performance.now();
  const out = fn();
  return [out, performance.now() - s];
};
const [taken, checkpointMs] = timed(() => takeCheckpoint(custodyDeps, incident.id, "bench"));
const s = performance.now();
await exportReview(custodyDeps, incident.id, "json", "Europe/Berlin");
const exportWithCheckpointMs = performance.now() - s;
const [verified, verifyCustodyMs] = timed(() => verifyTimeline(custodyDeps, incident.id));
const intact = verified.kind === "verified" && verified.custody?.intact;
console.log(
  `  signed checkpoint (chain verified, then signed): ${checkpointMs.toFixed(1)} ms (${taken.kind}); JSON export carrying it: ${exportWithCheckpointMs.toFixed(1)} ms; verify against it: ${verifyCustodyMs.toFixed(1)} ms, ${intact ? "intact" : "BROKEN"}`,
);
database.close();
rmSync(dir, { recursive: true, force: true });
