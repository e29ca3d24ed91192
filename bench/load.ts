/**
 * `npm run bench:load -- [N]` (N = 200 by default; the issue's goals are for N = 1000): the built
 * bot (`node dist/src/main.js`) as its own process on a private redis-server and a temporary
 * SQLite file, Slack and PagerDuty fakes on loopback, the handbook's SEV-1 matrix in seconds
 * (steps at 0, 5, 10, 15, 30 s). N SEV-1s are declared in a burst through signed slash commands
 * (POST /slack/events), nobody acknowledges. Prints the figures; no assertion (machines differ).
 * Then, on the same Redis, a bare BullMQ Queue + Worker with the same delayed jobs, for scale.
 */
import { type ChildProcess, execSync, spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { Queue, Worker } from "bullmq";
import { SIGNING_SECRET, testEnv } from "../test/support/bot-harness.js";
import { SECONDS_MATRIX, secondsMatrixVars, targetOfKey } from "../test/support/escalation-env.js";
import { freePort } from "../test/support/free-port.js";
import { PAGERDUTY_FAKE_CA_PATH, startPagerDutyFake } from "../test/support/pagerduty-fake.js";
import { startRedis } from "../test/support/redis.js";
import { startSlackFake } from "../test/support/slack-fake.js";
import { sendSlashCommand } from "../test/support/slack-signer.js";
import { createTmpDb } from "../test/support/tmp-db.js";

const N = Number(process.argv[2] ?? 200);
if (!Number.isInteger(N) || N < 1)
  throw new Error(`usage: npm run bench:load -- [N], got "${process.argv[2]}"`);
/** The SEV-1 policy of SECONDS_MATRIX: target and offset (s). */
const STEPS = [
  ["primary", 0],
  ["secondary", 5],
  ["incident_commander", 10],
  ["engineering_director", 15],
  ["cto", 30],
] as const;
const LAST_OFFSET_MS = 30_000;
const MARGIN_MS = 10_000;
/** Slash commands in flight at once: a burst, as a busy workspace's Slack would send it. */
const IN_FLIGHT = 50;
const root = resolve(import.meta.dirname, "..");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (values: number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const ms = (v: number) => (Number.isNaN(v) ? "n/a" : `${Math.round(v)} ms`);
const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : Number.NaN;
};

async function main() {
  console.log(
    `bench:load N=${N}, ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log("building (npm run build) ...");
  execSync("npm run -s build", { cwd: root, stdio: "inherit" });

  // A private redis-server even when REDIS_URL is set: the bench flushes nothing it does not own.
  delete process.env.REDIS_URL;
  const [slack, pd, redis] = await Promise.all([
    startSlackFake({ token: "xoxb-test-token" }),
    startPagerDutyFake(),
    startRedis(),
  ]);
  const db = createTmpDb("imoc-bench");
  let bot: ChildProcess | null = null;
  const cleanup = async () => {
    if (bot && bot.exitCode === null && bot.signalCode === null) bot.kill("SIGKILL");
    await Promise.allSettled([slack.close(), pd.close(), redis.stop()]);
    db.remove();
  };
  process.once("SIGINT", () => void cleanup().then(() => process.exit(130)));
  try {
    const port = await freePort();
    const vars = testEnv(
      { slack, redis, db },
      {
        ...secondsMatrixVars(slack, "1h"),
        ESCALATION_MATRIX: SECONDS_MATRIX,
        PAGERDUTY_EVENTS_HOST: pd.eventsHost,
        PORT: String(port),
        LOG_LEVEL: "warn",
      },
    );
    let output = "";
    // BENCH_CPU_PROFILE=<dir>: a V8 CPU profile of the bot (open it in Chrome's DevTools).
    const profile = process.env.BENCH_CPU_PROFILE
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
      : [];
    bot = spawn(process.execPath, [...profile, "dist/src/main.js"], {
      cwd: root,
      env: { ...process.env, ...vars, NODE_EXTRA_CA_CERTS: PAGERDUTY_FAKE_CA_PATH },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // The bot's warnings and errors, whole, for a look afterwards (BENCH_LOG, default under /tmp).
    const logPath = process.env.BENCH_LOG ?? join(tmpdir(), `imoc-bench-load-${N}.log`);
    const log = createWriteStream(logPath);
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-20_000);
      log.write(d);
    };
    bot.stdout?.on("data", keep);
    bot.stderr?.on("data", keep);
    const pid = bot.pid!;
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (bot.exitCode !== null) throw new Error(`the bot exited with ${bot.exitCode}:\n${output}`);
      if ((await fetch(`${url}/healthz`).catch(() => null))?.ok) break;
      if (i > 300) throw new Error(`the bot did not answer /healthz in 30 s:\n${output}`);
      await sleep(100);
    }
    await sleep(1_000);
    const idleRss = rssMb(pid);
    let peakRss = idleRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssMb(pid));
    }, 200);

    // The burst: N signed slash commands, IN_FLIGHT at a time; each one's send time is its declaration.
    const sentAt = new Map<string, number>();
    const failures: string[] = [];
    const burstStart = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < N) {
          const i = next++;
          const title = `Bench incident ${i + 1}`;
          sentAt.set(title, Date.now());
          const res = await sendSlashCommand(url, SIGNING_SECRET, {
            text: `declare sev1 ${title}`,
            responseUrl: slack.responseUrl(`bench-${i}`),
          }).catch((error: Error) => ({ status: 0, error }));
          if (res.status !== 200) failures.push(`${title}: HTTP ${res.status}`);
        }
      }),
    );
    const burstMs = Date.now() - burstStart;
    console.log(`declared ${N} SEV-1s in ${burstMs} ms (${failures.length} refused)`);
    for (const f of failures.slice(0, 5)) console.log(`  ${f}`);

    // Wait until every step is due plus a margin (or every step has paged, plus a little more).
    const expected = N * STEPS.length;
    const deadline = Math.max(...sentAt.values()) + LAST_OFFSET_MS + MARGIN_MS;
    while (Date.now() < deadline) {
      const keys = new Set(pd.events.filter((e) => e.action === "trigger").map((e) => e.dedupKey));
      if (keys.size >= expected) break;
      await sleep(250);
    }
    await sleep(2_000);
    clearInterval(sampler);

    const conn = new Database(db.path, { readonly: true });
    const incidents = conn.prepare("select id, title, declared_at from incidents").all() as {
      id: number;
      title: string;
      declared_at: number;
    }[];
    conn.close();
    const declaredAtOf = new Map(incidents.map((i) => [i.id, sentAt.get(i.title)!]));
    const offsetOf = new Map(STEPS.map(([t, s]) => [t as string, s * 1000]));
    const lateness = new Map<string, number[]>(STEPS.map(([t]) => [t, []]));
    // The same, from the moment the bot recorded the declaration: the timers alone, without the
    // time the slash command waited to be read during the burst.
    const recordedAtOf = new Map(incidents.map((i) => [i.id, i.declared_at]));
    const timerLateness = new Map<string, number[]>(STEPS.map(([t]) => [t, []]));
    const intake = incidents.map((i) => i.declared_at - sentAt.get(i.title)!);
    const perKey = new Map<string, number>();
    for (const e of pd.events.filter((e) => e.action === "trigger")) {
      perKey.set(e.dedupKey, (perKey.get(e.dedupKey) ?? 0) + 1);
      if (perKey.get(e.dedupKey)! > 1) continue;
      const incidentId = Number(/^imoc-inc-(\d+)-/.exec(e.dedupKey)?.[1]);
      const target = targetOfKey(e.routingKey);
      const t0 = declaredAtOf.get(incidentId);
      if (t0 === undefined || !offsetOf.has(target)) continue;
      lateness.get(target)!.push(e.at - t0 - offsetOf.get(target)!);
      timerLateness.get(target)!.push(e.at - recordedAtOf.get(incidentId)! - offsetOf.get(target)!);
    }
    const once = [...perKey.values()].filter((n) => n === 1).length;
    const doubled = [...perKey.values()].filter((n) => n > 1).length;

    const stopStart = Date.now();
    const exited = new Promise<number | null>((ok) => bot!.once("exit", (code) => ok(code)));
    bot.kill("SIGTERM");
    const exitCode = await exited;
    const stopMs = Date.now() - stopStart;

    console.log(
      `\nimoc (${incidents.length} incidents recorded; declaration = the slash command's send time)`,
    );
    const first = lateness.get("primary")!;
    console.log(`  declaration to first page: p50 ${ms(pct(first, 50))}, p99 ${ms(pct(first, 99))}`);
    console.log("  lateness per step (arrival at PagerDuty - declaration - offset):");
    for (const [target, offset] of STEPS) {
      const l = lateness.get(target)!;
      console.log(
        `    ${`${target} (${offset} s)`.padEnd(28)} p50 ${ms(pct(l, 50)).padStart(9)}  p99 ${ms(pct(l, 99)).padStart(9)}  paged ${l.length}/${N}`,
      );
    }
    console.log(
      `  of which waiting to be read (slash command sent -> declaration recorded): p50 ${ms(pct(intake, 50))}, p99 ${ms(pct(intake, 99))}`,
    );
    console.log("  lateness per step from the recorded declaration (the timers alone):");
    for (const [target, offset] of STEPS) {
      const l = timerLateness.get(target)!;
      console.log(
        `    ${`${target} (${offset} s)`.padEnd(28)} p50 ${ms(pct(l, 50)).padStart(9)}  p99 ${ms(pct(l, 99)).padStart(9)}`,
      );
    }
    console.log(
      `  steps paged exactly once ${once}, missing ${expected - perKey.size} (not paged ${MARGIN_MS / 1000} s after the last was due), doubled ${doubled} (of ${expected})`,
    );
    console.log(`  RSS idle ${idleRss.toFixed(0)} MB, peak ${peakRss.toFixed(0)} MB`);
    console.log(`  SIGTERM to exit ${stopMs} ms, exit code ${exitCode}`);
    const fakeTrouble = [
      ...slack.unexpected,
      ...slack.unexpectedErrors,
      ...pd.unexpected,
      ...pd.unexpectedErrors,
    ].map((t) => (typeof t === "string" ? t : JSON.stringify(t)));
    console.log(`  fakes: ${fakeTrouble.length} unexpected call(s) or error answer(s)`);
    for (const t of fakeTrouble.slice(0, 5)) console.log(`    ${t.slice(0, 200)}`);

    const bare = await bareBullmq(redis.url, N);
    console.log(
      `\nplain BullMQ (${N * STEPS.length} delayed jobs, same offsets, same Redis, concurrency ${IN_FLIGHT})`,
    );
    for (const [target, offset] of STEPS) {
      const l = bare.get(target)!;
      const ratio = (pct(lateness.get(target)!, 99) / Math.max(1, pct(l, 99))).toFixed(1);
      console.log(
        `    ${`${target} (${offset} s)`.padEnd(28)} p50 ${ms(pct(l, 50)).padStart(9)}  p99 ${ms(pct(l, 99)).padStart(9)}  imoc/BullMQ p99 ${ratio === "NaN" ? "n/a" : `${ratio}x`}`,
      );
    }
    console.log(
      `\nload average at the end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    await cleanup();
  }
}

/** The same N x 5 delayed jobs on a bare Queue + Worker: the floor imoc's timers are measured against. */
async function bareBullmq(redisUrl: string, n: number): Promise<Map<string, number[]>> {
  const { hostname, port } = new URL(redisUrl);
  const connection = { host: hostname, port: Number(port), maxRetriesPerRequest: null };
  const prefix = "bench-bare";
  const lateness = new Map<string, number[]>(STEPS.map(([t]) => [t, []]));
  const queue = new Queue("bare", { connection, prefix });
  const worker = new Worker(
    "bare",
    async (job) => {
      const { target, dueAt } = job.data as { target: string; dueAt: number };
      lateness.get(target)!.push(Date.now() - dueAt);
    },
    { connection, prefix, concurrency: IN_FLIGHT },
  );
  const expected = n * STEPS.length;
  const start = Date.now();
  for (let i = 0; i < n; i++) {
    const t0 = Date.now();
    await queue.addBulk(
      STEPS.map(([target, offset]) => ({
        name: "step",
        data: { target, dueAt: t0 + offset * 1000 },
        opts: { jobId: `bare-${i}-${target}`, delay: offset * 1000, removeOnComplete: true },
      })),
    );
  }
  while ([...lateness.values()].reduce((s, l) => s + l.length, 0) < expected) {
    if (Date.now() - start > LAST_OFFSET_MS + 60_000) break;
    await sleep(250);
  }
  await worker.close();
  await queue.close();
  return lateness;
}

await main();
