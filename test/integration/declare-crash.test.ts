import { resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_TOKEN, SIGNING_SECRET, startBotProcess, testEnv } from "../support/bot-harness.js";
import { secondsMatrixVars, targetOfKey } from "../support/escalation-env.js";
import { pendingSlackJobs, slackSettled } from "../support/outbox.js";
import { type PagerDutyFake, startPagerDutyFake } from "../support/pagerduty-fake.js";
import type { TestRedis } from "../support/redis.js";
import { sharedRedis } from "../support/shared-redis.js";
import { type SlackFake, startSlackFake } from "../support/slack-fake.js";
import { sendSlashCommand } from "../support/slack-signer.js";
import { createTmpDb, type TmpDb } from "../support/tmp-db.js";
import { waitFor } from "../support/wait-for.js";

/**
 * The bot SIGKILLed while its declaration's Slack work waits on a failing Slack (HTTP 500): the
 * incident, its plan and its Slack jobs were committed together, so after the restart (Slack
 * healthy again) the incident is paged, its channel opened and the declarer answered, once each.
 */
const FAST_MATRIX = resolve(import.meta.dirname, "../fixtures/matrix/fast.yaml");
let slack: SlackFake;
let pd: PagerDutyFake;
let redis: TestRedis;
let db: TmpDb;
beforeAll(async () => {
  [slack, pd, redis] = await Promise.all([
    startSlackFake({ token: BOT_TOKEN }),
    startPagerDutyFake(),
    sharedRedis(),
  ]);
  db = createTmpDb();
});
afterAll(async () => {
  await Promise.all([slack?.close(), pd?.close(), redis?.stop()]);
  db?.remove();
});

const rows = <T>(sql: string, ...params: unknown[]): T[] => {
  const conn = new Database(db.path, { readonly: true });
  try {
    return conn.prepare(sql).all(...params) as T[];
  } finally {
    conn.close();
  }
};

describe("a crash during a declaration", () => {
  it("SIGKILL while Slack fails: after the restart paged, channel opened, declarer answered, once each", async () => {
    const vars = testEnv(
      { slack, redis, db },
      {
        ...secondsMatrixVars(slack, "1h"),
        ESCALATION_MATRIX: FAST_MATRIX,
        PAGERDUTY_EVENTS_HOST: pd.eventsHost,
        LOG_LEVEL: "info",
      },
    );
    const first = await startBotProcess(vars);
    slack.failFor(120_000, { status: 500 });
    const res = await sendSlashCommand(first.url, SIGNING_SECRET, {
      text: "declare sev1 Checkout down",
      responseUrl: slack.responseUrl("declare"),
    });
    expect(res.status).toBe(200);
    // The primary is paged although Slack fails; the channel work waits in the outbox.
    const page = await waitFor(() => pd.events.find((e) => e.action === "trigger"), { timeoutMs: 5000 });
    expect(targetOfKey(page.routingKey)).toBe("primary");
    await waitFor(() => rows("select 1 from pages where pagerduty_sent_at is not null").length > 0);
    expect(pendingSlackJobs(db.path).map((j) => j.kind)).toContain("openChannel");
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));

    slack.failFor(0, { status: 500 });
    const second = await startBotProcess(vars);
    try {
      await slackSettled(db.path, 30_000);
      const incident = rows<{ id: number; channel_id: string | null; status: string }>(
        "select * from incidents",
      )[0]!;
      expect(incident.channel_id).toBeTruthy();
      expect(slack.callsTo("conversations.create").filter((c) => c.ok)).toHaveLength(1);
      expect(slack.messagesIn(incident.channel_id!)[0]?.text).toContain("declared by <@U_DECLARER>");
      const answers = slack.responses.filter((r) => r.key === "declare");
      expect(answers).toHaveLength(1);
      expect(answers[0]?.body.text).toContain(`<#${incident.channel_id}>`);
      // Every step of the plan pages exactly once across the crash (PagerDuty sees each key once).
      await waitFor(() => pd.events.filter((e) => e.action === "trigger").length >= 5, {
        timeoutMs: 20_000,
        describe: () => `${pd.describe()}\n${second.output()}`,
      });
      const keys = pd.events.filter((e) => e.action === "trigger").map((e) => e.dedupKey);
      expect(keys).toHaveLength(5);
      expect(new Set(keys).size).toBe(5);
      expect(slack.unexpected).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 90_000);
});
