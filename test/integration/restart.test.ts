import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGNING_SECRET, startBotProcess, testEnv, BOT_TOKEN } from "../support/bot-harness.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import { type SlackFake, startSlackFake } from "../support/slack-fake.js";
import { sendSlashCommand } from "../support/slack-signer.js";
import { createTmpDb, type TmpDb } from "../support/tmp-db.js";
import { waitFor } from "../support/wait-for.js";

let slack: SlackFake;
let redis: TestRedis;
let db: TmpDb;
beforeAll(async () => {
  [slack, redis] = await Promise.all([startSlackFake({ token: BOT_TOKEN }), startRedis()]);
  db = createTmpDb();
});
afterAll(async () => {
  await Promise.all([slack?.close(), redis?.stop()]);
  db?.remove();
});

const count = (sql: string) => {
  const conn = new Database(db.path, { readonly: true });
  try {
    return (conn.prepare(sql).get() as { n: number }).n;
  } finally {
    conn.close();
  }
};

describe("the bot as a process (npm start)", () => {
  it("keeps every incident and event across a restart, even after SIGKILL", async () => {
    const vars = testEnv({ slack, redis, db });
    const first = await startBotProcess(vars);
    await sendSlashCommand(first.url, SIGNING_SECRET, {
      text: "declare sev2 Queue backlog growing",
      responseUrl: slack.responseUrl("d"),
    });
    await waitFor(() => slack.responses.find((r) => r.key === "d"));
    const channelId = slack.channelByName(String(slack.callsTo("conversations.create")[0]?.args.name))?.id;
    await sendSlashCommand(first.url, SIGNING_SECRET, {
      text: "note consumers restarted",
      channelId,
      responseUrl: slack.responseUrl("n"),
    });
    await waitFor(() => slack.responses.find((r) => r.key === "n"));
    const events = count("select count(*) n from timeline_events");
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));

    const second = await startBotProcess(vars);
    try {
      expect(count("select count(*) n from incidents")).toBe(1);
      expect(count("select count(*) n from timeline_events")).toBe(events);
      await sendSlashCommand(second.url, SIGNING_SECRET, {
        text: "resolve drained",
        channelId,
        responseUrl: slack.responseUrl("r"),
      });
      const reply = await waitFor(
        () => slack.responses.find((r) => r.key === "r")?.body.text as string | undefined,
      );
      expect(reply).toContain("INC-1 resolved");
      expect(count("select count(*) n from timeline_events where kind = 'resolved'")).toBe(1);
    } finally {
      await second.stop();
    }
  });
});

describe("configuration", () => {
  it("refuses to start with a broken environment, lists every problem, and prints no secret", () => {
    const root = resolve(import.meta.dirname, "../..");
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        SLACK_BOT_TOKEN: "not-a-token-supersecret",
        PORT: "http",
        LOG_LEVEL: "loud",
      },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    const out = result.stderr + result.stdout;
    expect(out).toContain("SLACK_BOT_TOKEN must be a bot token starting with xoxb-");
    expect(out).toContain("SLACK_SIGNING_SECRET is missing");
    expect(out).toContain("INCIDENTS_CHANNEL is missing");
    expect(out).toContain("PORT must be a port number");
    expect(out).toContain("LOG_LEVEL must be one of");
    expect(out).not.toContain("supersecret");
  });
});
