import { resolve } from "node:path";
import { Queue } from "bullmq";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { REPORTS_QUEUE, WEEKLY_REVIEW_ID } from "../../src/adapters/queue/weekly-review-scheduler.js";
import { alertmanagerPayload, sendAlertmanager } from "../support/alertmanager.js";
import {
  BOT_TOKEN,
  type BotProcess,
  SIGNING_SECRET,
  startBotProcess,
  testEnv,
} from "../support/bot-harness.js";
import { secondsMatrixVars, targetOfKey } from "../support/escalation-env.js";
import { type PagerDutyFake, startPagerDutyFake } from "../support/pagerduty-fake.js";
import { createPgDatabase } from "../support/postgres.js";
import type { TestRedis } from "../support/redis.js";
import { sharedRedis } from "../support/shared-redis.js";
import { type SlackFake, startSlackFake } from "../support/slack-fake.js";
import { makeTriggerId, sendSlashCommand } from "../support/slack-signer.js";
import { createTmpDb, type TmpDb } from "../support/tmp-db.js";
import { timersQueue } from "../support/timers-queue.js";
import { waitFor } from "../support/wait-for.js";

/** SEV-1: primary 0 s, secondary 2 s (until acknowledged), IC 4 s, director 8 s, CTO 11 s. */
const REPLICAS_MATRIX = resolve(import.meta.dirname, "../fixtures/matrix/replicas.yaml");
const API_TOKEN = "replicas-api-token";
const ALERTS_TOKEN = "replicas-alerts-token-0123456789";
const TARGETS = ["cto", "engineering_director", "incident_commander", "primary", "secondary"];

/**
 * Two bot processes behind one (imaginary) load balancer: one PostgreSQL database, one Redis and
 * one QUEUE_PREFIX, the Slack and PagerDuty fakes shared. Requests go to either; one is killed.
 */
let slack: SlackFake;
let pd: PagerDutyFake;
let redis: TestRedis;
let unused: TmpDb;
let db: pg.Client;
let vars: Record<string, string>;
const bots: BotProcess[] = [];

beforeAll(async () => {
  [slack, pd, redis] = await Promise.all([
    // A step taken over from a killed replica may invite someone already in the channel again.
    startSlackFake({ token: BOT_TOKEN, allowErrors: ["already_in_channel"] }),
    startPagerDutyFake(),
    sharedRedis(),
  ]);
  const url = await createPgDatabase(inject("pgAdminUrl"), "replicas");
  db = new pg.Client({ connectionString: url });
  await db.connect();
  unused = createTmpDb(); // DATABASE_URL wins over DATABASE_PATH
  vars = testEnv(
    { slack, redis, db: unused },
    {
      ...secondsMatrixVars(slack, "1h"),
      ESCALATION_MATRIX: REPLICAS_MATRIX,
      PAGERDUTY_EVENTS_HOST: pd.eventsHost,
      DATABASE_URL: url,
      API_TOKEN,
      ALERTS_TOKEN,
    },
  );
});
afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await db?.end();
  await Promise.all([slack?.close(), pd?.close(), redis?.stop()]);
  unused?.remove();
});

const rows = async <T extends pg.QueryResultRow>(sql: string, ...params: unknown[]) =>
  (await db.query<T>(sql, params)).rows;

let n = 0;
/** `/incident <text>` to one replica; resolves with its answer (through the response_url). */
async function slash(
  bot: BotProcess,
  text: string,
  opts: { channelId?: string; userId?: string; triggerId?: string } = {},
): Promise<string> {
  const key = `r${++n}`;
  const res = await sendSlashCommand(bot.url, SIGNING_SECRET, {
    text,
    ...opts,
    responseUrl: slack.responseUrl(key),
  });
  expect(res.status).toBe(200);
  return waitFor(() => slack.responses.find((r) => r.key === key)?.body.text as string | undefined, {
    timeoutMs: 15_000,
    describe: () => bots.map((b) => b.output()).join("\n---\n"),
  });
}

const api = async (bot: BotProcess, path: string) => {
  const res = await fetch(`${bot.url}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
  expect(res.status).toBe(200);
  return res.json() as Promise<Record<string, unknown>>;
};

/** Every Slack job either replica queued has gone out (nothing pending, rate-limited ones included). */
const outboxSent = () =>
  waitFor(async () => (await rows("select 1 from slack_jobs where state = 'pending'")).length === 0, {
    timeoutMs: 15_000,
  });

const triggers = () => pd.events.filter((e) => e.action === "trigger");
const triggered = (target: string) => triggers().filter((e) => targetOfKey(e.routingKey) === target);

describe("two replicas on one PostgreSQL and one Redis", () => {
  let incident: { id: number; channelId: string };

  it("a SEV-1 sent round-robin, one replica SIGKILLed mid-escalation: every step pages exactly once, the timeline verifies, the review is complete", async () => {
    // Both start at once: migrations (one at a time), the reconciles and the workers race.
    bots.push(...(await Promise.all([startBotProcess(vars), startBotProcess(vars)])));
    const [a, b] = bots as [BotProcess, BotProcess];

    expect(await slash(a, "declare sev1 Checkout API returns 500s")).toContain("INC-");
    // Its channel is opened by whichever replica's outbox takes the job.
    const row = await waitFor(
      async () =>
        (
          await rows<{ id: number; channel_id: string | null; declared_at: Date }>(
            "select id, channel_id, declared_at from incidents",
          )
        ).find((r) => r.channel_id),
      { timeoutMs: 10_000 },
    );
    incident = { id: row.id, channelId: row.channel_id as string };
    const t0 = row.declared_at.getTime();

    // A note on the other replica; Slack's retry of it lands on the first: recorded once.
    const triggerId = makeTriggerId();
    const inChannel = { channelId: incident.channelId, userId: "U_PRIMARY", triggerId };
    expect(await slash(b, "note Error rate 40% on checkout since the deploy", inChannel)).toContain("#");
    await sendSlashCommand(a.url, SIGNING_SECRET, {
      text: "note Error rate 40% on checkout since the deploy",
      ...inChannel,
      responseUrl: slack.responseUrl("retry"),
    });

    // The secondary is paged at 2 s; then someone acknowledges, on replica A.
    await pd.waitFor(() => triggered("secondary").length > 0, 15_000);
    expect(await slash(a, "ack", { channelId: incident.channelId, userId: "U_SECONDARY" })).toBe(
      `:white_check_mark: INC-${incident.id} acknowledged.`,
    );
    expect(await slash(b, "status", { channelId: incident.channelId })).toContain(`INC-${incident.id}`);

    // After the IC's step (4 s) has finished, replica A dies, hard, with the director (8 s) and
    // the CTO (11 s) still ahead: only Redis and the record know them.
    await waitFor(
      async () =>
        (await rows("select 1 from escalation_steps where target = 'incident_commander' and state = 'paged'"))
          .length > 0,
      { timeoutMs: 15_000 },
    );
    await pd.waitFor(() => pd.events.filter((e) => e.action === "acknowledge").length >= 2, 10_000);
    // (Killed while it sends a Slack job, A's lease would hold that incident's Slack lane for a
    // minute: the pages still go out on time, their DMs a minute late. Not what this test is about.)
    await waitFor(async () => (await rows("select 1 from slack_jobs where state = 'pending'")).length === 0, {
      timeoutMs: 10_000,
    });
    a.child.kill("SIGKILL");
    await new Promise((r) => a.child.once("exit", r));
    const killedAt = Date.now();
    expect(killedAt - t0).toBeLessThan(8_000); // the director's step was still ahead

    // Replica B pages the rest, on time.
    await pd.waitFor(() => triggered("cto").length > 0, 30_000);
    for (const target of ["engineering_director", "cto"])
      expect(triggered(target)[0]!.at).toBeGreaterThan(killedAt);
    expect(await slash(b, "resolve Rolled back the deploy", { channelId: incident.channelId })).toContain(
      `INC-${incident.id} resolved.`,
    );
    await pd.waitFor(() => pd.events.filter((e) => e.action === "resolve").length >= 5, 15_000);
    const timers = timersQueue(redis.url, vars.QUEUE_PREFIX!);
    await waitFor(async () => (await timers.stepJobs(incident.id)).length === 0, {
      timeoutMs: 20_000,
    }).finally(() => timers.close());

    // Every step paged exactly once, whichever replica ran it.
    const perKey = new Map<string, number>();
    for (const e of triggers()) perKey.set(e.dedupKey, (perKey.get(e.dedupKey) ?? 0) + 1);
    expect([...perKey.values()]).toEqual([1, 1, 1, 1, 1]);
    expect(
      triggers()
        .map((e) => targetOfKey(e.routingKey))
        .sort(),
    ).toEqual(TARGETS);
    const paged = (user: string) => slack.dms(user).filter((m) => m.text?.includes("You are paged"));
    await waitFor(() => paged("U_CTO").length > 0, { timeoutMs: 10_000 });
    for (const user of ["U_PRIMARY", "U_SECONDARY", "U_IC", "U_DIRECTOR", "U_CTO"])
      expect(paged(user), user).toHaveLength(1);
    const steps = await rows<{ target: string; state: string }>(
      "select target, state from escalation_steps where incident_id = $1 order by idx",
      incident.id,
    );
    expect(steps.map((s) => `${s.target}:${s.state}`)).toEqual(
      ["primary", "secondary", "incident_commander", "engineering_director", "cto"].map((t) => `${t}:paged`),
    );

    // The timeline verifies, and the review has every event of the record, the note once.
    const verdict = await api(b, `/api/incidents/${incident.id}/timeline/verify`);
    expect(verdict).toMatchObject({ intact: true });
    const review = (await api(b, `/api/incidents/${incident.id}/timeline?format=json`)) as {
      events: Array<{ kind: string; text: string }>;
    };
    const [{ count }] = (await rows<{ count: string }>(
      "select count(*) as count from timeline_events where incident_id = $1",
      incident.id,
    )) as [{ count: string }];
    expect(review.events).toHaveLength(Number(count));
    expect(verdict).toMatchObject({ count: Number(count) });
    const kinds = review.events.map((e) => e.kind);
    const inbound = await rows<{ key: string; received_at: Date }>("select * from inbound_requests");
    for (const kind of ["declared", "note", "acknowledged", "resolved"])
      expect(
        kinds.filter((k) => k === kind),
        // What to look at when it fails: the events of that kind and the Slack keys taken.
        `${kind}: ${JSON.stringify(review.events.filter((e) => e.kind === kind))} inbound: ${JSON.stringify(inbound)}`,
      ).toHaveLength(1);
    expect(kinds.filter((k) => k === "page_sent")).toHaveLength(5);
    expect(slack.unexpected).toEqual([]);
    expect(pd.unexpected).toEqual([]);
  }, 90_000);

  it("the killed replica starts again while the other runs: nothing pages again, and both export the same review", async () => {
    const [, b] = bots as [BotProcess, BotProcess];
    const again = await startBotProcess(vars);
    bots[0] = again;
    const before = triggers().length;
    // Its reconcile ran before it was up: a step it wrongly restored would be a timer again.
    const timers = timersQueue(redis.url, vars.QUEUE_PREFIX!);
    try {
      expect(await timers.stepJobs(incident.id)).toEqual([]);
    } finally {
      await timers.close();
    }
    const unfinished = await rows(
      "select 1 from escalation_steps where incident_id = $1 and state in ('pending', 'running')",
      incident.id,
    );
    expect(unfinished).toEqual([]);
    expect(triggers()).toHaveLength(before);
    const path = `/api/incidents/${incident.id}/timeline?format=json`;
    const review = async (bot: BotProcess) => ({ ...(await api(bot, path)), generatedAt: "when asked" });
    expect(await review(again)).toEqual(await review(b));
    expect(await api(again, `/api/incidents/${incident.id}/timeline/verify`)).toMatchObject({ intact: true });
  }, 30_000);

  it("a weekly-review run triggered on both replicas posts once", async () => {
    const queue = new Queue(REPORTS_QUEUE, { connection: { url: redis.url }, prefix: vars.QUEUE_PREFIX });
    try {
      const reviews = () =>
        slack.messagesIn("CINCIDENTS").filter((m) => m.text?.includes("Weekly incident review"));
      // The same Monday's run twice: as if each replica's scheduler had fired (or a retry, or a
      // takeover of a job whose replica died): whichever workers take them, the week is claimed once.
      await Promise.all([queue.add(WEEKLY_REVIEW_ID, {}), queue.add(WEEKLY_REVIEW_ID, {})]);
      await waitFor(async () => ((await queue.getJobCounts("completed")).completed ?? 0) >= 2, {
        timeoutMs: 15_000,
      });
      await waitFor(() => reviews().length > 0, { timeoutMs: 10_000 });
      await outboxSent(); // a second post would have been queued with the first
      expect(reviews()).toHaveLength(1);
      expect(reviews()[0]?.text).toContain("1 incident(s); pages sent 5");
    } finally {
      await queue.close();
    }
  }, 40_000);

  it("the same new alert groups delivered to both replicas at the same instant: every delivery answered, one group and one triage message each", async () => {
    const [a, b] = bots as [BotProcess, BotProcess];
    const names = Array.from({ length: 20 }, (_, i) => `ReplicaRace${i}`);
    const answers = await Promise.all(
      names.flatMap((alertname) =>
        [a, b].map((bot) => sendAlertmanager(bot.url, ALERTS_TOKEN, alertmanagerPayload({ alertname }))),
      ),
    );
    // A delivery that lost the race is a repeat of the winner's group, not a 500 for Alertmanager to retry.
    expect(answers.map((r) => r.status).filter((status) => status >= 300)).toEqual([]);
    const groups = await rows<{ alertname: string; count: number }>(
      "select alertname, count from alert_groups where alertname like 'ReplicaRace%' order by id",
    );
    expect(groups.map((g) => g.alertname).sort()).toEqual([...names].sort());
    expect(groups.every((g) => g.count === 2)).toBe(true);
    const triage = () =>
      slack.messagesIn("CGENERAL").filter((m) => names.some((name) => m.text?.includes(name)));
    await waitFor(() => triage().length >= names.length, { timeoutMs: 15_000 });
    await outboxSent();
    expect(triage()).toHaveLength(names.length);
  }, 40_000);
});
