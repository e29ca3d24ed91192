import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, expect, inject, it } from "vitest";
import { openPgRecord } from "../../src/adapters/pg/pg-record.js";
import { verifyTimeline } from "../../src/app/timeline/verify-timeline.js";
import { systemClock } from "../../src/ports/clock.js";
import { createPgDatabase } from "../support/postgres.js";
import { declared, newIncident } from "./fixtures.js";

const WRITER = resolve(import.meta.dirname, "chain-writer.ts");
const children: ChildProcess[] = [];
const closers: Array<() => void> = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const close of closers.splice(0)) close();
});

interface Writer {
  ready: Promise<void>;
  result: Promise<{ done: number; failed: string | null; code: number | null; stderr: string }>;
  go(at: number): void;
}

/** A separate node process on the same database (test/contract/chain-writer.ts). */
function writer(url: string, args: string[]): Writer {
  const child = spawn(process.execPath, ["--import", "tsx", WRITER, ...args], {
    env: { ...process.env, IMOC_TEST_RECORD_URL: url },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const ready = new Promise<void>((ok, fail) => {
    child.stdout.on("data", (d) => {
      stdout += d;
      if (stdout.startsWith("ready\n")) ok();
    });
    child.on("exit", (code) => fail(new Error(`writer exited (${code}) before it was ready: ${stderr}`)));
  });
  const result = new Promise<Awaited<Writer["result"]>>((ok) =>
    child.on("exit", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      const parsed = last.startsWith("{") ? JSON.parse(last) : { done: 0, failed: `no result: ${stderr}` };
      ok({ ...parsed, code, stderr });
    }),
  );
  return { ready, result, go: (at) => child.stdin.write(`go ${at}\n`) };
}

/** Starts the writers, has them begin at the same instant, and waits for both. */
async function race(writers: Writer[]) {
  await Promise.all(writers.map((w) => w.ready));
  const at = Date.now() + 300;
  for (const w of writers) w.go(at);
  return Promise.all(writers.map((w) => w.result));
}

/** Processes A and B run `args` at the same instant; each must finish without an error. */
async function both(url: string, args: string[]): Promise<number[]> {
  const results = await race(["A", "B"].map((tag) => writer(url, [tag, ...args])));
  expect(results.map((r) => [r.failed, r.code])).toEqual([
    [null, 0],
    [null, 0],
  ]);
  return results.map((r) => r.done);
}

async function pgRecord() {
  const url = await createPgDatabase(inject("pgAdminUrl"), "chain");
  const record = await openPgRecord(url, systemClock);
  closers.push(() => record.close());
  return { url, stores: record.stores };
}

it("two processes appending 200 events each to one incident at once: every seq once, and the chain verifies", async () => {
  const { url, stores } = await pgRecord();
  const incident = stores.incidents.create(newIncident(), declared);
  expect(await both(url, ["append", String(incident.id), "200"])).toEqual([200, 200]);
  const events = stores.timeline.list(incident.id);
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 401 }, (_, i) => i + 1));
  for (const tag of ["A", "B"]) {
    const texts = events.filter((e) => e.actor === `bot:${tag}`).map((e) => e.text);
    // Each process's events are all there, in the order it wrote them.
    expect(texts).toEqual(Array.from({ length: 200 }, (_, i) => `${tag} ${i}`));
  }
  // The two really ran at the same time: their events interleave.
  const switches = events.slice(1).filter((e, i, all) => i > 0 && e.actor !== all[i - 1]?.actor).length;
  expect(switches).toBeGreaterThan(1);
  const verdict = verifyTimeline(stores, incident.id);
  expect(verdict).toMatchObject({ kind: "verified", verdict: { ok: true, count: 401 } });
  expect(stores.timeline.headHash?.(incident.id)).toBe(events.at(-1)?.hash);
}, 60_000);

it("two processes resolving the same 60 incidents at once (each deciding for 5 ms) record one resolution each", async () => {
  const { url, stores } = await pgRecord();
  const ids = Array.from({ length: 60 }, () => stores.incidents.create(newIncident(), declared).id);
  const [a = 0, b = 0] = await both(url, ["resolve", ids.join(","), "5"]);
  expect(a + b).toBe(ids.length);
  for (const id of ids) {
    const resolutions = stores.timeline.list(id).filter((e) => e.kind === "resolved");
    expect(resolutions).toHaveLength(1);
    // The incident says who resolved it, and its log agrees.
    const incident = stores.incidents.get(id);
    expect(incident?.resolutionSummary).toBe(`resolved by ${resolutions[0]?.actor.slice(4)}`);
  }
}, 60_000);

it("two processes recording the same 150 Slack messages at once record each once", async () => {
  const { url, stores } = await pgRecord();
  const incident = stores.incidents.create(newIncident(), declared);
  const [a = 0, b = 0] = await both(url, ["pin", String(incident.id), "150"]);
  expect(a + b).toBe(150);
  const recorded = stores.timeline.list(incident.id).filter((e) => e.kind === "message_recorded");
  expect(recorded.map((e) => e.text)).toEqual(Array.from({ length: 150 }, (_, i) => `message ${i}`));
  expect(stores.log.findRecordedMessage("C1", "1700000000.000149")?.text).toBe("message 149");
  expect(verifyTimeline(stores, incident.id)).toMatchObject({ verdict: { ok: true, count: 151 } });
}, 60_000);
