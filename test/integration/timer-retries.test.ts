import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBullmqScheduler } from "../../src/adapters/queue/bullmq-scheduler.js";
import { startTimersWorker } from "../../src/adapters/queue/timers-worker.js";
import { planIncidentEscalation } from "../../src/app/escalation/plan-escalation.js";
import type { PagerResult } from "../../src/ports/pager.js";
import type { TestRedis } from "../support/redis.js";
import { sharedRedis } from "../support/shared-redis.js";
import { waitFor } from "../support/wait-for.js";
import { stepDeps } from "../unit/support/step-deps.js";

/**
 * The timers worker on a real Redis with the PagerDuty backoff shortened to 20-80 ms: BullMQ
 * retries a step while PagerDuty is unavailable, for as long as it takes, and stops once the
 * page no longer matters.
 */
let redis: TestRedis;
let connection: Redis;
let t: ReturnType<typeof stepDeps>;
let stop: () => Promise<void>;
beforeAll(async () => {
  redis = await sharedRedis();
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await connection?.quit();
  await redis?.stop();
});
beforeEach(() => {
  t = stepDeps();
  const prefix = `retries-${Date.now()}`;
  const scheduler = createBullmqScheduler(connection, prefix);
  const deps = {
    ...t.deps,
    scheduler,
    templates: {
      statusUpdate: "",
      noUpdateNudge: "",
      commsDeclared: "{{incident}} {{why}}",
      commsAllClear: "{{incident}} all clear after {{duration}}",
    },
  };
  const worker = startTimersWorker(connection, prefix, deps, { backoff: { baseMs: 20, capMs: 80 } });
  t.deps.scheduler = scheduler;
  stop = async () => {
    await worker.close();
    await scheduler.close();
  };
});
afterEach(async () => {
  await stop();
  t.close();
});

const unavailable: PagerResult = {
  ok: false,
  permanent: false,
  code: "http_503",
  message: "Service Unavailable",
};
const finished = (incidentId: number) =>
  t.deps.escalations.steps(incidentId).every((s) => s.state !== "pending" && s.state !== "running");

describe("escalation steps retried by BullMQ", () => {
  it("PagerDuty back after two failures: each step paged once, the failure said once", async () => {
    let calls = 0;
    t.deps.pager.trigger = async () => (++calls <= 2 ? unavailable : { ok: true });
    const incident = t.declare("sev1");
    await planIncidentEscalation(t.deps, incident, incident.declaredAt);
    await waitFor(() => finished(incident.id), { timeoutMs: 10_000 });
    expect(t.deps.escalations.steps(incident.id).map((s) => s.state)).toEqual(["paged", "paged"]);
    // The first two calls fail: the first run of each step (side by side at T+0).
    expect(t.lines().filter((l) => l.startsWith(":warning:"))).toHaveLength(2);
    expect(t.lines().filter((l) => l.startsWith("⏫"))).toHaveLength(2);
    expect(t.dms).toEqual(["U_PRIMARY"]);
  });

  it("PagerDuty down for 40 tries: still tried, delivered once it is back, said once each way", async () => {
    let calls = 0;
    t.deps.pager.trigger = async (request) => {
      t.triggers.push(request);
      return ++calls <= 40 ? unavailable : { ok: true };
    };
    const incident = t.declare("sev1");
    await planIncidentEscalation(t.deps, incident, incident.declaredAt);
    await waitFor(() => finished(incident.id), { timeoutMs: 20_000 });
    expect(t.deps.escalations.steps(incident.id).map((s) => s.state)).toEqual(["paged", "paged"]);
    expect(t.lines().filter((l) => l.includes("still trying"))).toHaveLength(2);
    expect(t.lines().filter((l) => l.includes("PagerDuty took the page"))).toHaveLength(2);
    const tries = t.deps.escalations.pages(incident.id).map((p) => p.pagerdutyAttempts);
    expect(tries.reduce((a, b) => a + b, 0)).toBe(42);
    expect(t.dms).toEqual(["U_PRIMARY"]);
  });

  it("resolved while PagerDuty is down: the retries stop, nothing is delivered later", async () => {
    t.pager.answer = unavailable;
    const incident = t.declare("sev1");
    await planIncidentEscalation(t.deps, incident, incident.declaredAt);
    await waitFor(() => t.triggers.length >= 6, { timeoutMs: 10_000 });
    t.deps.incidents.update(incident.id, { status: "resolved", resolvedAt: new Date() }, null);
    await waitFor(() => finished(incident.id), { timeoutMs: 10_000 });
    const sent = t.triggers.length;
    t.pager.answer = { ok: true };
    await new Promise((r) => setTimeout(r, 500));
    expect(t.triggers).toHaveLength(sent);
    expect(t.deps.escalations.pages(incident.id).every((p) => p.pagerdutySentAt === null)).toBe(true);
    expect(t.deps.escalations.steps(incident.id).map((s) => [s.target, s.state])).toEqual([
      ["primary", "paged"],
      ["cto", "failed"],
    ]);
  });
});
