import { resolve } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FOLLOWUP_JOBS, FOLLOWUPS_QUEUE } from "../../src/adapters/queue/followups-queue.js";
import { REPORTS_QUEUE, WEEKLY_REVIEW_ID } from "../../src/adapters/queue/weekly-review-scheduler.js";
import { TIMERS_DELAYED_NOTE } from "../../src/adapters/slack/blocks/timers-note.js";
import { pageDedupKey } from "../../src/domain/escalation/escalation-plan.js";
import { type Harness, startHarness } from "../support/bot-harness.js";
import { secondsMatrixVars, targetOfKey } from "../support/escalation-env.js";
import { incidentDriver } from "../support/incident-driver.js";
import { type RestartableRedis, startRestartableRedis } from "../support/redis.js";
import { waitFor } from "../support/wait-for.js";

/**
 * Redis holds the schedule, SQLite is the record: Redis killed mid-escalation and started again
 * EMPTY (persistence is off), or the bot restarted against an empty Redis. Observed from outside:
 * PagerDuty fake triggers, Slack fake messages, HTTP answers.
 */
const EVERY_MS = 2000;
const TARGETS = ["primary", "secondary", "incident_commander", "engineering_director", "cto"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function outageSuite(matrix: "seconds" | "fast") {
  let h: Harness;
  let redis: RestartableRedis;
  beforeAll(async () => {
    redis = await startRestartableRedis();
    h = await startHarness(
      {},
      {
        redis,
        pagerDuty: true,
        vars: ({ slack }) => ({
          ...secondsMatrixVars(slack, `${EVERY_MS / 1000}s`),
          ...(matrix === "fast"
            ? { ESCALATION_MATRIX: resolve(import.meta.dirname, "../fixtures/matrix/fast.yaml") }
            : {}),
        }),
      },
    );
  });
  afterAll(async () => {
    await h?.stop();
  });
  const driver = incidentDriver(() => h);
  /** PagerDuty triggers per target of one incident, in arrival order. */
  const triggers = (incidentId: number) =>
    h.pd!.events.filter(
      (e) => e.action === "trigger" && e.dedupKey === pageDedupKey(incidentId, targetOfKey(e.routingKey)),
    );
  const pagedOnce = (incidentId: number) => {
    const all = triggers(incidentId);
    return TARGETS.every((t) => all.filter((e) => targetOfKey(e.routingKey) === t).length === 1);
  };
  const scheduledUpdates = (channelId: string, id: number) =>
    h.slack
      .messagesIn(channelId)
      .filter((m) => m.text?.includes(`*INC-${id} status update*`))
      .map((m) => Number(m.ts) * 1000);
  const readyz = async () => {
    const started = Date.now();
    const res = await fetch(`${h.bot.url}/readyz`, { signal: AbortSignal.timeout(5000) });
    return { status: res.status, body: await res.json(), ms: Date.now() - started };
  };
  return { h: () => h, redis: () => redis, driver, triggers, pagedOnce, scheduledUpdates, readyz };
}

describe("Redis restarted empty during a SEV-1 (the handbook's matrix in seconds: 0, 5, 10, 15, 30 s)", () => {
  const s = outageSuite("seconds");

  it("every step pages exactly once, the late one as soon as Redis is back; updates carry on; /readyz says 503 at once while it is away", async () => {
    const h = s.h();
    const inc = await s.driver.declare("sev1", "Checkout API returns 500s");
    const t0 = Date.now();
    await h.pd!.waitFor(() => s.triggers(inc.id).length >= 1, 5000);
    await sleep(Math.max(0, t0 + 3000 - Date.now()));
    await s.redis().stop();
    const downAt = Date.now();

    // Away: readiness says so within a second, naming Redis; liveness and the record still answer.
    const down = await waitFor(
      async () => {
        const r = await s.readyz();
        // Within a second (the Redis check is bounded at 800 ms), with a margin for a loaded machine.
        expect(r.ms).toBeLessThan(1500);
        return r.status === 503 && r;
      },
      { timeoutMs: 3000 },
    );
    expect(down.body.checks.redis).toMatch(/Redis/);
    expect(down.body.checks.database).toBe("ok");
    expect(down.body.status).toContain("redis");
    expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(200);
    expect(await s.driver.slash("note rolled back the canary", { channelId: inc.channelId })).toMatch(
      /noted|recorded|added/i,
    );
    expect(await s.driver.slash("status", { channelId: inc.channelId })).toContain(
      "Checkout API returns 500s",
    );
    expect((await s.readyz()).status).toBe(503);

    await sleep(Math.max(0, downAt + 3000 - Date.now()));
    await s.redis().start();
    const backAt = Date.now();
    await waitFor(async () => (await s.readyz()).status === 200, { timeoutMs: 5000 });

    // The secondary's step fell due (5 s) while Redis was away: it pages as soon as it is back.
    const secondary = await h.pd!.waitFor(
      () => s.triggers(inc.id).find((e) => targetOfKey(e.routingKey) === "secondary"),
      8000,
    );
    expect(secondary.at).toBeGreaterThanOrEqual(backAt - 100);
    // The clients reconnect within a second or so of Redis being back; a margin for a loaded machine.
    expect(secondary.at - backAt).toBeLessThan(5000);
    // The status updates carry on after Redis is back.
    await waitFor(() => s.scheduledUpdates(inc.channelId, inc.id).filter((at) => at > backAt).length >= 2, {
      timeoutMs: 4 * EVERY_MS + 4000,
    });
    // The later steps were only in the emptied Redis: restored from the record, on time.
    await h.pd!.waitFor(() => s.triggers(inc.id).length >= 5, 35_000);
    const cto = s.triggers(inc.id).find((e) => targetOfKey(e.routingKey) === "cto")!;
    expect(Math.abs(cto.at - t0 - 30_000)).toBeLessThan(2000);
    await sleep(500);
    expect(s.pagedOnce(inc.id)).toBe(true);
    expect(h.slack.unexpected).toEqual([]);
    expect(h.pd!.unexpected).toEqual([]);
  }, 60_000);
});

describe("commands while Redis is away (fast matrix: 0, 1, 2, 3, 6 s)", () => {
  const s = outageSuite("fast");

  it("a declaration is answered without waiting for Redis and pages once Redis is back; schedule commands say timers are delayed", async () => {
    const h = s.h();
    await s.redis().stop();
    const started = Date.now();
    const inc = await s.driver.declare("sev1", "Payments timing out");
    expect(Date.now() - started).toBeLessThan(8000);
    const plan = await s.driver.slash("escalation", { channelId: inc.channelId });
    expect(plan).toContain(TIMERS_DELAYED_NOTE);

    await s.redis().start();
    await h.pd!.waitFor(() => s.pagedOnce(inc.id), 15_000);
    expect(await s.driver.slash("escalation", { channelId: inc.channelId })).not.toContain(
      TIMERS_DELAYED_NOTE,
    );
    await sleep(500);
    expect(s.pagedOnce(inc.id)).toBe(true);
  }, 40_000);

  it("a resolve while Redis is away says so, and PagerDuty gets the resolve once Redis is back", async () => {
    const h = s.h();
    const inc = await s.driver.declare("sev2", "Exports delayed");
    const primary = pageDedupKey(inc.id, "primary");
    await h.pd!.waitFor(() => s.triggers(inc.id).length >= 1, 5000);
    await s.redis().stop();
    const reply = await s.driver.slash("resolve rolled back", { channelId: inc.channelId });
    expect(reply).toContain(":white_check_mark:");
    expect(reply).toContain(TIMERS_DELAYED_NOTE);
    await s.redis().start();
    await h.pd!.waitFor(
      () => h.pd!.events.some((e) => e.action === "resolve" && e.dedupKey === primary),
      10_000,
    );
    // Its remaining steps were cancelled in the record: nobody else is paged.
    expect(s.triggers(inc.id).map((e) => targetOfKey(e.routingKey))).toEqual(["primary"]);
  }, 30_000);

  it("the bot restarted against an empty Redis restores pending steps and the status updates", async () => {
    const h = s.h();
    const inc = await s.driver.declare("sev1", "Login fails for EU users");
    await h.pd!.waitFor(() => s.triggers(inc.id).length >= 1, 5000);
    await h.restart(async () => {
      await s.redis().stop();
      await s.redis().start();
    });
    const restartedAt = Date.now();
    await h.pd!.waitFor(() => s.pagedOnce(inc.id), 15_000);
    await waitFor(
      () => s.scheduledUpdates(inc.channelId, inc.id).filter((at) => at > restartedAt).length >= 2,
      { timeoutMs: 4 * EVERY_MS + 4000 },
    );
    await sleep(500);
    expect(s.pagedOnce(inc.id)).toBe(true);
    expect(h.slack.unexpected).toEqual([]);
    expect(h.pd!.unexpected).toEqual([]);
  }, 40_000);
});

describe("Redis restarted empty while the bot keeps running", () => {
  const s = outageSuite("seconds");

  it("puts the weekly review's and the follow-up digest's schedules back once it reconnects", async () => {
    const h = s.h();
    const prefix = h.vars.QUEUE_PREFIX;
    const schedulerKeys = async () => {
      const connection = new Redis(s.redis().url, { maxRetriesPerRequest: null });
      const queues = [REPORTS_QUEUE, FOLLOWUPS_QUEUE].map((name) => new Queue(name, { connection, prefix }));
      try {
        const found = await Promise.all(queues.map((q) => q.getJobSchedulers()));
        return found.flat().map((j) => j.key);
      } finally {
        await Promise.all(queues.map((q) => q.close()));
        connection.disconnect();
      }
    };
    expect((await schedulerKeys()).sort()).toEqual([FOLLOWUP_JOBS.digest, WEEKLY_REVIEW_ID].sort());
    await s.redis().stop();
    await s.redis().start();
    // Started again empty (persistence is off): only the bot can put them back.
    const back = await waitFor(
      async () => {
        const keys = await schedulerKeys();
        return keys.length === 2 ? keys : null;
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    expect(back.sort()).toEqual([FOLLOWUP_JOBS.digest, WEEKLY_REVIEW_ID].sort());
  }, 30_000);
});
