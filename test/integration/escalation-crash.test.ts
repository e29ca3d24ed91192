import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_TOKEN, SIGNING_SECRET, startBotProcess, testEnv } from "../support/bot-harness.js";
import { secondsMatrixVars, targetOfKey } from "../support/escalation-env.js";
import { type PagerDutyFake, startPagerDutyFake } from "../support/pagerduty-fake.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import { type SlackFake, startSlackFake } from "../support/slack-fake.js";
import { sendSlashCommand } from "../support/slack-signer.js";
import { createTmpDb, type TmpDb } from "../support/tmp-db.js";
import { waitFor } from "../support/wait-for.js";

let slack: SlackFake;
let redis: TestRedis;
let pd: PagerDutyFake;
let db: TmpDb;
beforeAll(async () => {
  [slack, redis, pd] = await Promise.all([
    startSlackFake({ token: BOT_TOKEN }),
    startRedis(),
    startPagerDutyFake(),
  ]);
  db = createTmpDb();
});
afterAll(async () => {
  await Promise.all([slack?.close(), redis?.stop(), pd?.close()]);
  db?.remove();
});

const declaredAt = () => {
  const conn = new Database(db.path, { readonly: true });
  try {
    return (conn.prepare("select declared_at from incidents").get() as { declared_at: number }).declared_at;
  } finally {
    conn.close();
  }
};

describe("escalation timers across a crash", () => {
  it("SIGKILL mid-escalation, start again: every step still fires, none fires twice", async () => {
    const vars = testEnv(
      { slack, redis, db },
      { ...secondsMatrixVars(slack, "1h"), PAGERDUTY_EVENTS_HOST: pd.eventsHost },
    );
    const first = await startBotProcess(vars);
    await sendSlashCommand(first.url, SIGNING_SECRET, {
      text: "declare sev1 Checkout API returns 500s",
      responseUrl: slack.responseUrl("d"),
    });
    await waitFor(() => slack.responses.find((r) => r.key === "d"), { timeoutMs: 10_000 });
    const t0 = declaredAt();
    // Killed between the secondary (5 s) and the IC (10 s): the timers only exist in Redis now.
    await pd.waitFor(() => pd.events.some((e) => targetOfKey(e.routingKey) === "secondary"), 10_000);
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + 6500 - Date.now())));
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));

    const second = await startBotProcess(vars);
    try {
      await pd.waitFor(() => pd.events.filter((e) => e.action === "trigger").length >= 5, 40_000);
      await new Promise((r) => setTimeout(r, 1500)); // a duplicate would show up now
      const triggers = pd.events.filter((e) => e.action === "trigger");
      expect(triggers.map((e) => targetOfKey(e.routingKey))).toEqual([
        "primary",
        "secondary",
        "incident_commander",
        "engineering_director",
        "cto",
      ]);
      expect(new Set(triggers.map((e) => e.dedupKey)).size).toBe(5);
      // The steps due after the restart are on time (the IC's may be late by the restart itself).
      const offset = (target: string) => triggers.find((e) => targetOfKey(e.routingKey) === target)!.at - t0;
      expect(offset("incident_commander")).toBeGreaterThanOrEqual(9_500);
      expect(Math.abs(offset("engineering_director") - 15_000)).toBeLessThan(2500);
      expect(Math.abs(offset("cto") - 30_000)).toBeLessThan(2500);
      expect(slack.unexpected).toEqual([]);
      expect(pd.unexpected).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
