import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/db/client.js";
import { createSqliteSlackJobs } from "../../src/adapters/db/sqlite-slack-jobs.js";
import { systemClock } from "../../src/ports/clock.js";
import { createTmpDb } from "../support/tmp-db.js";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import { slackSettled } from "../support/outbox.js";

// The one-time sign-in link of `/incident console` goes out as a DM through the Slack outbox: its
// token must not stay behind in the record once the DM is sent (or given up).
const h = useHarness();
const driver = incidentDriver(h);
const LINK = /https?:\/\/\S+\/console\/login\?token=([\w-]+)/;

type JobRow = { kind: string; state: string; payload: string; last_error: string | null };
const jobs = () => driver.rows<JobRow>("select kind, state, payload, last_error from slack_jobs order by id");

/** Asks for a link and waits until its DM has been sent; returns the DM's text. */
async function askForLink(userId: string): Promise<string> {
  const before = h().slack.dms(userId).length;
  await driver.slash("console", { userId });
  await slackSettled(h().db.path);
  const dm = h().slack.dms(userId).slice(before).at(-1);
  return dm?.text ?? "";
}

/** Every byte of the SQLite file after its WAL is written back and truncated. */
function databaseBytes(): string {
  const db = new Database(h().db.path, { timeout: 5000 });
  try {
    const [result] = db.pragma("wal_checkpoint(TRUNCATE)") as Array<{ busy: number }>;
    expect(result?.busy).toBe(0);
  } finally {
    db.close();
  }
  return readFileSync(h().db.path).toString("latin1");
}

describe("the sign-in link in the Slack outbox", () => {
  it("is sent, then its token is nowhere in the record; the link still signs in once", async () => {
    const text = await askForLink("U_PRODUCT");
    const token = LINK.exec(text)?.[1] as string;
    expect(token).toMatch(/^[\w-]{40,}$/);

    const dm = jobs().filter((job) => job.kind === "dm");
    expect(dm).toHaveLength(1);
    expect(dm[0]?.state).toBe("done");
    expect(JSON.parse(dm[0]?.payload ?? "{}")).toMatchObject({
      kind: "dm",
      user: "U_PRODUCT",
      message: { text: "[one-time sign-in link, removed after sending]" },
    });
    expect(jobs().filter((job) => job.payload.includes(token))).toEqual([]);
    expect(databaseBytes().includes(token)).toBe(false);

    const url = `${h().bot.url}/console/login?token=${token}`;
    const first = await fetch(url, { redirect: "manual" });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/console");
    expect(first.headers.get("set-cookie")).toMatch(/^imoc_console=/);
    const again = await fetch(url, { redirect: "manual" });
    expect(again.status).toBe(401);
    expect(again.headers.get("set-cookie")).toBeNull();
  });

  it("a DM that Slack refuses for good gives up, and its token is gone too", async () => {
    h().slack.allowErrors("user_not_found");
    h().slack.failNext("conversations.open", "user_not_found");
    const before = jobs().length;
    const text = await askForLink("U_PRIMARY");
    expect(text).not.toMatch(LINK);

    const [dm] = jobs().slice(before);
    expect(dm?.kind).toBe("dm");
    expect(dm?.state).toBe("done");
    expect(JSON.parse(dm?.payload ?? "{}").message).toEqual({
      text: "[one-time sign-in link, removed after sending]",
    });
    expect(dm?.payload).not.toMatch(/token=/);
  });

  it("other DMs keep their text", async () => {
    const incident = await driver.declare("sev3", "Checkout retries pile up");
    await driver.slash("role commander <@U_PRIMARY>", { channelId: incident.channelId });
    const assigned = jobs().filter((job) => job.kind === "dm" && job.payload.includes('"user":"U_PRIMARY"'));
    expect(assigned.length).toBeGreaterThan(0);
    expect(assigned.at(-1)?.payload).not.toContain("removed after sending");
  });
});

describe("the outbox's store", () => {
  it("keeps a secret while the job may still be sent, and drops it when the job fails for good", () => {
    const tmp = createTmpDb("secret-jobs");
    const handle = openDatabase(tmp.path);
    try {
      const store = createSqliteSlackJobs(handle.db, systemClock);
      const message = { text: "Sign in: https://imoc.example/console/login?token=s3cret-token-value" };
      store.add(null, { kind: "dm", user: "U_PRODUCT", message, secret: true });
      const payload = () => handle.sqlite.prepare("select payload from slack_jobs").pluck().get() as string;
      const job = store.claimHead("bot", 60_000);
      store.retry(job?.id as number, new Date(), "Slack chat.postMessage failed: ratelimited");
      expect(store.claimHead("bot", 60_000)?.job).toMatchObject({ message });
      store.fail(job?.id as number, "a bug");
      expect(payload()).not.toContain("s3cret-token-value");
      expect(JSON.parse(payload())).toMatchObject({ kind: "dm", user: "U_PRODUCT", secret: true });
    } finally {
      handle.close();
      tmp.remove();
    }
  });
});
