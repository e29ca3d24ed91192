import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatConfigProblems, loadConfig } from "../../src/config/load-config.js";
import { SIGNING_SECRET, startBotProcess, testEnv, BOT_TOKEN } from "../support/bot-harness.js";
import type { TestRedis } from "../support/redis.js";
import { sharedRedis } from "../support/shared-redis.js";
import { type SlackFake, startSlackFake } from "../support/slack-fake.js";
import { sendSlashCommand } from "../support/slack-signer.js";
import { createTmpDb, type TmpDb } from "../support/tmp-db.js";
import { waitFor } from "../support/wait-for.js";

let slack: SlackFake;
let redis: TestRedis;
let db: TmpDb;
beforeAll(async () => {
  [slack, redis] = await Promise.all([startSlackFake({ token: BOT_TOKEN }), sharedRedis()]);
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
  const BROKEN = { SLACK_BOT_TOKEN: "not-a-token-supersecret", PORT: "http", LOG_LEVEL: "loud" };

  it("a broken environment stops `npm start` with exit 1 before anything prints a secret", () => {
    const root = resolve(import.meta.dirname, "../..");
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH, ...BROKEN },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    const out = result.stderr + result.stdout;
    expect(out).toMatch(/^imoc cannot start: \d+ problems in the configuration/m);
    expect(out).not.toContain("supersecret");
  });

  it("lists every problem of the environment at once, and no secret", () => {
    const loaded = loadConfig(BROKEN);
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? [] : loaded.problems;
    const message = formatConfigProblems(problems);
    expect(message).toMatch(
      new RegExp(`^imoc cannot start: ${problems.length} problems in the configuration\n`),
    );
    expect(message).toContain("SLACK_BOT_TOKEN must be a bot token starting with xoxb-");
    expect(message).toContain("SLACK_SIGNING_SECRET is missing");
    expect(message).toContain("INCIDENTS_CHANNEL is missing");
    expect(message).toContain("PORT must be a port number");
    expect(message).toContain("LOG_LEVEL must be one of");
    expect(message).not.toContain("supersecret");
  });
});
