import { resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_TOKEN, SIGNING_SECRET, startBotProcess, testEnv } from "../support/bot-harness.js";
import { secondsMatrixVars, targetOfKey } from "../support/escalation-env.js";
import { type PagerDutyFake, startPagerDutyFake } from "../support/pagerduty-fake.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import { type SlackFake, startSlackFake } from "../support/slack-fake.js";
import { sendSlashCommand } from "../support/slack-signer.js";
import { createTmpDb, type TmpDb } from "../support/tmp-db.js";
import { timersQueue } from "../support/timers-queue.js";
import { waitFor } from "../support/wait-for.js";

/** The handbook's matrix with 5m read as 1 s: primary 0, secondary 1, IC 2, director 3, CTO 6 s. */
const FAST_MATRIX = resolve(import.meta.dirname, "../fixtures/matrix/fast.yaml");

let slack: SlackFake;
let redis: TestRedis;
let pd: PagerDutyFake;
let db: TmpDb;
beforeAll(async () => {
  [slack, redis, pd] = await Promise.all([
    // A step rerun after the crash may invite someone already in the channel again; the bot
    // takes Slack's already_in_channel as done.
    startSlackFake({ token: BOT_TOKEN, allowErrors: ["already_in_channel"] }),
    startRedis(),
    startPagerDutyFake(),
  ]);
  db = createTmpDb();
});
afterAll(async () => {
  await Promise.all([slack?.close(), redis?.stop(), pd?.close()]);
  db?.remove();
});

const icPage = () => {
  const conn = new Database(db.path, { readonly: true });
  try {
    return conn
      .prepare("select slack_sent_at as slackSentAt from pages where target = 'incident_commander'")
      .get() as { slackSentAt: number | null } | undefined;
  } finally {
    conn.close();
  }
};

const theIncident = () => {
  const conn = new Database(db.path, { readonly: true });
  try {
    return conn.prepare("select id, declared_at as declaredAt from incidents").get() as {
      id: number;
      declaredAt: number;
    };
  } finally {
    conn.close();
  }
};

describe("escalation timers across a crash", () => {
  it("SIGKILL mid-escalation, even mid-step, start again: every step still fires, none fires twice", async () => {
    const vars = testEnv(
      { slack, redis, db },
      {
        ...secondsMatrixVars(slack, "1h"),
        ESCALATION_MATRIX: FAST_MATRIX,
        PAGERDUTY_EVENTS_HOST: pd.eventsHost,
      },
    );
    const first = await startBotProcess(vars);
    await sendSlashCommand(first.url, SIGNING_SECRET, {
      text: "declare sev1 Checkout API returns 500s",
      responseUrl: slack.responseUrl("d"),
    });
    await waitFor(() => slack.responses.find((r) => r.key === "d"), { timeoutMs: 10_000 });
    const t0 = theIncident().declaredAt;
    // Killed while the IC's step (due 2 s) is mid-escalation: PagerDuty answered 500 and the step
    // waits for its retry, its page claimed but not sent to PagerDuty. The director and CTO timers exist only
    // in Redis. After the restart the IC's step is retried and pages once.
    await pd.waitFor(() => pd.events.some((e) => targetOfKey(e.routingKey) === "secondary"), 10_000);
    pd.failNext(500, 2);
    await pd.waitFor(() => pd.requests.filter((r) => r.status === 500).length >= 1, 10_000);
    // Its Slack part went out and was stamped; only PagerDuty's part waits for the retry. (Killed
    // between a DM and its stamp, the rerun would DM again: README "Escalation matrix" says so.)
    await waitFor(() => icPage()?.slackSentAt, { timeoutMs: 10_000 });
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    expect(pd.events.filter((e) => targetOfKey(e.routingKey) === "incident_commander")).toHaveLength(0);

    const second = await startBotProcess(vars);
    try {
      await pd.waitFor(() => pd.events.filter((e) => e.action === "trigger").length >= 5, 30_000);
      // Nothing left in Redis that could page again.
      const incidentId = theIncident().id;
      const timers = timersQueue(redis.url, vars.QUEUE_PREFIX!);
      await waitFor(async () => (await timers.stepJobs(incidentId)).length === 0).finally(() =>
        timers.close(),
      );
      const triggers = pd.events.filter((e) => e.action === "trigger");
      expect(triggers.map((e) => targetOfKey(e.routingKey)).sort()).toEqual([
        "cto",
        "engineering_director",
        "incident_commander",
        "primary",
        "secondary",
      ]);
      expect(new Set(triggers.map((e) => e.dedupKey)).size).toBe(5);
      const offset = (target: string) => triggers.find((e) => targetOfKey(e.routingKey) === target)!.at - t0;
      expect(offset("primary")).toBeLessThan(offset("secondary"));
      expect(offset("engineering_director")).toBeGreaterThanOrEqual(2_900);
      expect(offset("incident_commander")).toBeGreaterThan(2_000);
      // A timer set before the crash fires on time after it.
      expect(Math.abs(offset("cto") - 6_000)).toBeLessThan(1500);
      // Slack side: each paged person got exactly one DM.
      for (const user of ["U_PRIMARY", "U_SECONDARY", "U_IC", "U_DIRECTOR", "U_CTO"]) {
        expect(slack.dms(user).filter((m) => m.text?.includes("You are paged"))).toHaveLength(1);
      }
      expect(slack.unexpected).toEqual([]);
      expect(pd.unexpected).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
