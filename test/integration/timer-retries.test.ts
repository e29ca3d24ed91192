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
 * The timers worker on a real Redis with 3 attempts 50 ms apart: BullMQ's attempts and backoff
 * retry a step while PagerDuty is unavailable, and the final attempt ends it.
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
  const scheduler = createBullmqScheduler(connection, prefix, { retries: { attempts: 3, backoffMs: 50 } });
  const deps = { ...t.deps, scheduler, templates: { statusUpdate: "", noUpdateNudge: "" } };
  const worker = startTimersWorker(connection, prefix, deps);
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
  it("PagerDuty back on the second attempt: paged once in the channel, no warning", async () => {
    let calls = 0;
    t.deps.pager.trigger = async () => (++calls <= 2 ? unavailable : { ok: true });
    const incident = t.declare("sev1");
    await planIncidentEscalation(t.deps, incident, incident.declaredAt);
    await waitFor(() => finished(incident.id), { timeoutMs: 10_000 });
    expect(t.deps.escalations.steps(incident.id).map((s) => s.state)).toEqual(["paged", "paged"]);
    expect(t.lines().filter((l) => l.startsWith(":warning:"))).toEqual([]);
    expect(t.dms).toEqual(["U_PRIMARY"]);
  });

  it("PagerDuty down through the final attempt: the step ends failed, page by hand", async () => {
    t.pager.answer = unavailable;
    const incident = t.declare("sev1");
    await planIncidentEscalation(t.deps, incident, incident.declaredAt);
    await waitFor(() => finished(incident.id), { timeoutMs: 10_000 });
    expect(t.triggers.filter((r) => r.dedupKey.endsWith("-cto"))).toHaveLength(3);
    expect(t.deps.escalations.steps(incident.id).map((s) => [s.target, s.state])).toEqual([
      ["primary", "paged"],
      ["cto", "failed"],
    ]);
    expect(t.lines()).toContain(
      ":warning: PagerDuty did not take the page for CTO (http_503: Service Unavailable) after 3 attempt(s). Page CTO by hand.",
    );
    expect(t.dms).toEqual(["U_PRIMARY"]);
  });
});
