import { tz } from "@date-fns/tz";
import { Queue } from "bullmq";
import { format } from "date-fns";
import { Redis } from "ioredis";
import { resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { REPORTS_QUEUE, WEEKLY_REVIEW_ID } from "../../src/adapters/queue/weekly-review-scheduler.js";
import { postWeeklyReview, postWeeklyReviewOnce } from "../../src/app/review/post-weekly-review.js";
import type { Severity } from "../../src/domain/incident/severity.js";
import { type Harness, startHarness } from "../support/bot-harness.js";
import { slackSettled } from "../support/outbox.js";

let h: Harness;
let queue: Queue;
let connection: Redis;
beforeAll(async () => {
  h = await startHarness({ WEEKLY_REVIEW_TZ: "Europe/Berlin" });
  connection = new Redis(h.redis.url, { maxRetriesPerRequest: null });
  queue = new Queue(REPORTS_QUEUE, { connection, prefix: h.vars.QUEUE_PREFIX ?? "imoc" });
});
afterAll(async () => {
  await queue?.close();
  await connection?.quit();
  await h?.stop();
});
afterEach(() => {
  expect(h.slack.unexpected).toEqual([]);
});

function seed(
  title: string,
  severity: Severity,
  service: string | null,
  daysAgo: number,
  extra: { drill?: boolean; security?: boolean; before?: Date } = {},
) {
  const at = new Date((extra.before?.getTime() ?? Date.now()) - daysAgo * 86_400_000);
  h.bot.deps.incidents.create(
    {
      title,
      description: null,
      severity,
      security: !!extra.security,
      drill: !!extra.drill,
      service,
      declaredBy: "U_DECLARER",
      declaredAt: at,
    },
    () => ({ kind: "declared", occurredAt: at, actor: "slack:U_DECLARER", text: `Declared ${title}` }),
  );
}

describe("weekly review", () => {
  it("is a job scheduler for Monday 09:00 in the configured zone, and posts nothing at start-up", async () => {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: WEEKLY_REVIEW_ID, pattern: "0 9 * * 1", tz: "Europe/Berlin" });
    const next = new Date(Number(schedulers[0]!.next));
    expect(format(next, "EEEE HH:mm", { in: tz("Europe/Berlin") })).toBe("Monday 09:00");
    expect(h.slack.messagesIn("CINCIDENTS")).toEqual([]);
    // A restart upserts the same scheduler instead of adding a second one.
    await h.restart();
    expect(await queue.getJobSchedulers()).toHaveLength(1);
  });

  it("when it fires, posts the week's report with SEV-3s grouped by service or keyword; drills and security left out", async () => {
    seed("Search results slow", "sev3", "search", 1);
    seed("Search index lagging", "sev3", "search", 3);
    seed("Avatar upload fails", "sev3", null, 2);
    seed("Checkout down", "sev1", "checkout", 2);
    seed("Game day: checkout", "sev1", "checkout", 2, { drill: true });
    seed("Leaked key", "sev2", null, 2, { security: true });
    seed("Last month", "sev3", "search", 20);
    // What the scheduler enqueues on Monday 09:00.
    await queue.add(WEEKLY_REVIEW_ID, {});
    const post = await h.slack.waitFor(
      () => h.slack.messagesIn("CINCIDENTS").find((m) => m.text?.includes("Weekly incident review")),
      10_000,
    );
    const text = post.text!;
    expect(text).toContain("4 incident(s), 1 drill(s) left out");
    expect(text).toMatch(/• SEV-3: 3 /);
    expect(text).toContain("1 drill(s) left out");
    expect(text).toMatch(
      /• search: INC-\d+ Search results slow; INC-\d+ Search index lagging :repeat: recurring/,
    );
    expect(text).toMatch(/• avatar: INC-\d+ Avatar upload fails/);
    expect(text).not.toContain("Leaked key");
    expect(text).not.toContain("Last month");
    // The week in Berlin time, whichever side of daylight saving today is on.
    expect(text).toMatch(/review\* [-\d]+ [:\d]+ \+0[12]:00 → [-\d]+ [:\d]+ \+0[12]:00/);
  });

  it.each([
    ["a summer", "2024-07-15T07:00:00Z", "2024-07-08 09:00:00 +02:00 → 2024-07-15 09:00:00 +02:00"],
    ["a winter", "2024-01-15T08:00:00Z", "2024-01-08 09:00:00 +01:00 → 2024-01-15 09:00:00 +01:00"],
  ])("on %s Monday shows the week in the zone's offset of that day", async (_, iso, week) => {
    const monday = new Date(iso);
    seed(`Queue lag ${iso}`, "sev3", "queue", 2, { before: monday });
    await postWeeklyReview(h.bot.deps, monday, "Europe/Berlin");
    await slackSettled(h.db.path);
    const text = h.slack.messagesIn("CINCIDENTS").at(-1)?.text;
    expect(text).toContain(week);
    expect(text).toContain(`Queue lag ${iso}`);
  });

  it("a scheduled run posts its week once: a second run of the same week (a retry, another replica) posts nothing", async () => {
    const monday = new Date("2024-03-04T08:00:00Z");
    seed("Cache stampede", "sev3", "cache", 2, { before: monday });
    const posts = () =>
      h.slack.messagesIn("CINCIDENTS").filter((m) => m.text?.includes("2024-02-26 09:00:00 +01:00")).length;
    expect(postWeeklyReviewOnce(h.bot.deps, monday, "Europe/Berlin")).toMatchObject({
      kind: "posted",
      week: "2024-03-04",
    });
    // The same week's job again, an hour later (a retry, or a replica that took it over).
    const later = new Date(monday.getTime() + 3_600_000);
    expect(postWeeklyReviewOnce(h.bot.deps, later, "Europe/Berlin")).toEqual({
      kind: "posted-already",
      week: "2024-03-04",
    });
    await slackSettled(h.db.path);
    expect(posts()).toBe(1);
    // The next week is a week of its own.
    expect(postWeeklyReviewOnce(h.bot.deps, new Date("2024-03-11T08:00:00Z"), "Europe/Berlin").kind).toBe(
      "posted",
    );
  });

  it("without WEEKLY_REVIEW_TZ runs in the matrix file's business-hours zone", async () => {
    const other = await startHarness({
      ESCALATION_MATRIX: resolve(import.meta.dirname, "../fixtures/matrix/quiet-new-york.yaml"),
    });
    const conn = new Redis(other.redis.url, { maxRetriesPerRequest: null });
    const q = new Queue(REPORTS_QUEUE, { connection: conn, prefix: other.vars.QUEUE_PREFIX });
    try {
      const [scheduler] = await q.getJobSchedulers();
      expect(scheduler).toMatchObject({ pattern: "0 9 * * 1", tz: "America/New_York" });
      const next = new Date(Number(scheduler!.next));
      expect(format(next, "EEEE HH:mm", { in: tz("America/New_York") })).toBe("Monday 09:00");
    } finally {
      await q.close();
      await conn.quit();
      await other.stop();
    }
  });
});
