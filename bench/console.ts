/**
 * `npm run bench` (second part): the incident console's server time over HTTP (request sent →
 * last byte read, on localhost) for the list with 10,000 incidents and for an incident page of
 * 10,000 events. Prints figures; no assertion (machines differ). Slack is not called: display
 * names come back empty, as from a cold cache that Slack did not answer.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import express from "express";
import { createConsole } from "../src/adapters/console/index.js";
import { openSqliteRecord } from "../src/adapters/db/sqlite-record.js";
import { createLogger } from "../src/adapters/logging.js";
import { secretHash } from "../src/app/console/sign-in.js";
import type { Deps } from "../src/app/deps.js";
import type { TimelineKind } from "../src/domain/timeline/timeline-event.js";
import { systemClock } from "../src/ports/clock.js";
import { measureRuns } from "./measure.js";

const INCIDENTS = 10_000;
const EVENTS = 10_000;
const dir = mkdtempSync(join(tmpdir(), "imoc-console-bench-"));
const record = openSqliteRecord(join(dir, "bench.sqlite"), systemClock);
const { incidents, timeline } = record.stores;
const start = Date.UTC(2026, 0, 1);
const statuses = ["resolved", "resolved", "resolved", "mitigated", "acknowledged", "declared"] as const;
const services = ["checkout-api", "search", "payments", "auth", null];

const seedStart = performance.now();
record.stores.transaction(() => {
  for (let i = 0; i < INCIDENTS; i++) {
    const at = new Date(start + i * 3_600_000);
    const created = incidents.create(
      {
        title: `Incident ${i}: ${["checkout 500s", "slow search", "payment timeouts", "login loop"][i % 4]}`,
        description: null,
        severity: (["sev1", "sev2", "sev3"] as const)[i % 3] ?? "sev2",
        security: i % 50 === 0,
        drill: i % 97 === 0,
        service: services[i % services.length] ?? null,
        declaredBy: "U1",
        declaredAt: at,
      },
      () => ({ kind: "declared", occurredAt: at, actor: "slack:U1", text: "Declared" }),
    );
    const status = statuses[i % statuses.length] ?? "declared";
    if (status !== "declared")
      incidents.update(
        created.id,
        { status, commander: "U2", acknowledgedAt: new Date(at.getTime() + 300_000) },
        null,
      );
  }
});
const big = incidents.list().at(-1);
if (!big) throw new Error("no incident");
const kinds: TimelineKind[] = ["note", "message_recorded", "status_update", "page_sent", "page_acknowledged"];
record.stores.transaction(() => {
  for (let i = 1; i < EVENTS; i++) {
    const kind = kinds[i % kinds.length] ?? "note";
    timeline.append({
      incidentId: big.id,
      kind,
      occurredAt: new Date(big.declaredAt.getTime() + i * 1000),
      actor: i % 3 ? "slack:U1" : "bot",
      text: `Event ${i}: error rate ${i % 100}% on /checkout <script>alert(1)</script> & more`,
      data: {},
      source:
        kind === "message_recorded"
          ? { channelId: "C1", messageTs: `${i}.0001`, permalink: `https://x.slack.com/archives/C1/p${i}` }
          : null,
    });
  }
});
const seedMs = performance.now() - seedStart;

const deps = {
  ...record.stores,
  clock: systemClock,
  logger: createLogger("silent"),
  publicUrl: () => "http://127.0.0.1",
  messageSource: { userNames: async () => ({}) },
  playbooks: { all: () => [], get: () => null, url: (id: string) => `/playbooks/${id}` },
} as unknown as Deps;
const incidentConsole = createConsole({
  deps,
  directory: { groupMembers: async () => [], privateChannelsOf: async () => [] },
  env: { CONSOLE_SESSION_HOURS: 1, CONSOLE_RESPONDER_GROUPS: [], CONSOLE_ADMIN_GROUPS: [] },
});
const secret = "bench-session";
const now = new Date();
record.stores.consoleStore.addSession(
  secretHash(secret),
  { userId: "U1", role: "admin", csrf: "x", expiresAt: new Date(now.getTime() + 3_600_000) },
  now,
);
const app = express();
app.use(incidentConsole.router);
const server = app.listen(0, "127.0.0.1");
await new Promise((ok) => server.once("listening", ok));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** A GET of the console as a signed-in viewer; the figure is the whole round trip. */
const measure = (path: string) =>
  measureRuns(async () => {
    const res = await fetch(`${base}${path}`, { headers: { cookie: `imoc_console=${secret}` } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
    return body.length;
  });

const load = loadavg()[0]?.toFixed(2);
console.log(
  `Incident console bench (${INCIDENTS.toLocaleString()} incidents, one of ${EVENTS.toLocaleString()} events; seeded in ${seedMs.toFixed(0)} ms; load average ${load} on ${cpus().length} CPUs)`,
);
for (const [name, path] of [
  ["list, first page (50, open first)", "/console"],
  ["list, page 100", "/console?page=100"],
  ["list, search + filters", "/console?q=payment&severity=sev3&status=resolved&drills=1"],
  [`incident page, ${EVENTS.toLocaleString()} events`, `/console/incidents/${big.id}`],
] as const) {
  const r = await measure(path);
  console.log(
    `  ${name} (${(r.bytes / 1024).toFixed(0)} KiB): median ${r.median.toFixed(1)} ms wall (best ${r.best.toFixed(1)}, worst ${r.worst.toFixed(1)}), ${r.cpuMedian.toFixed(1)} ms CPU (goal < 200 ms: ${r.median < 200 ? "met" : "NOT met"})`,
  );
}
server.close();
await incidentConsole.stop();
record.close();
rmSync(dir, { recursive: true, force: true });
