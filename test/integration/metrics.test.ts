import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, SIGNING_SECRET, startHarness } from "../support/bot-harness.js";
import { type RestartableRedis, startRestartableRedis } from "../support/redis.js";
import { secondsMatrixVars } from "../support/escalation-env.js";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import { scrape } from "../support/metrics-scrape.js";
import { pagerDutyWebhookEvent, sendPagerDutyWebhook } from "../support/pagerduty-fake.js";
import { slackSettled } from "../support/outbox.js";
import { sendSlashCommand } from "../support/slack-signer.js";
import { waitFor } from "../support/wait-for.js";

/**
 * `GET /metrics` as Prometheus reads it (parsed by a text-format parser), before and after what
 * an operator watches the bot for: a declaration, a page, a failed and a retried page, an
 * acknowledgement. One bot for the file; each test reads the difference it caused.
 */
const h = useHarness({}, { pagerDuty: true, vars: ({ slack }) => secondsMatrixVars(slack) });
const driver = incidentDriver(h);
const SECRET = "pd-webhook-secret";

const triggers = (incidentId: number) =>
  h().pd!.events.filter((e) => e.action === "trigger" && e.dedupKey === `imoc-inc-${incidentId}-primary`);

const PD_PRIMARY = { channel: "pagerduty", target: "primary" };
const SLACK_PRIMARY = { channel: "slack", target: "primary" };

describe("GET /metrics", () => {
  it("counts a declaration, its request, its pages (PagerDuty and Slack) and how late its step fired", async () => {
    const before = await scrape(h().bot.url);
    const inc = await driver.declare("sev1", "Checkout down");
    await waitFor(() => triggers(inc.id).length === 1, { timeoutMs: 10_000 });
    await waitFor(async () => (await scrape(h().bot.url)).value("imoc_pages_sent_total", SLACK_PRIMARY) > 0, {
      timeoutMs: 10_000,
    });
    await slackSettled(h().db.path);
    const after = await scrape(h().bot.url);
    const moved = (name: string, labels?: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);

    expect(moved("imoc_incidents_declared_total", { severity: "sev1", drill: "false" })).toBe(1);
    expect(moved("imoc_open_incidents", { severity: "sev1", drill: "false" })).toBe(1);
    expect(moved("imoc_incidents", { severity: "sev1", status: "declared" })).toBe(1);
    expect(moved("imoc_slash_commands_total", { subcommand: "declare", outcome: "ok" })).toBe(1);
    expect(moved("imoc_slack_requests_total", { kind: "command", outcome: "ok" })).toBe(1);
    const ack = after.histogram("imoc_slack_ack_seconds", { kind: "command" });
    expect(ack.count - before.histogram("imoc_slack_ack_seconds", { kind: "command" }).count).toBe(1);
    expect(ack.sum).toBeLessThan(3); // Slack's limit
    expect(moved("imoc_pages_sent_total", PD_PRIMARY)).toBe(1);
    expect(moved("imoc_pages_sent_total", SLACK_PRIMARY)).toBe(1);
    expect(moved("imoc_pages_failed_total", PD_PRIMARY)).toBe(0);
    // The 0-minute step fired at once; the secondary's timer waits in the queue.
    const late = after.histogram("imoc_escalation_lateness_seconds");
    expect(late.count - before.histogram("imoc_escalation_lateness_seconds").count).toBe(1);
    expect(late.sum).toBeLessThan(5);
    expect(after.value("imoc_queue_up")).toBe(1);
    expect(after.value("imoc_queue_jobs", { queue: "imoc-timers", state: "delayed" })).toBeGreaterThanOrEqual(
      1,
    );
    // Every queue of the bot is watched, the follow-ups' and the weekly review's too.
    const watched = after.families
      .find((f) => f.name === "imoc_queue_oldest_waiting_seconds")
      ?.metrics.map((m) => m.labels?.queue)
      .sort();
    expect(watched).toEqual(["imoc-followups", "imoc-reports", "imoc-timers", "imoc-updates"]);
    // Slack Web API calls by method: the channel was opened, the page's DM went out.
    expect(moved("imoc_slack_api_calls_total", { method: "conversations.create", outcome: "ok" })).toBe(1);
    expect(
      moved("imoc_slack_api_calls_total", { method: "chat.postMessage", outcome: "ok" }),
    ).toBeGreaterThan(1);
    // Process metrics, event-loop lag included.
    expect(after.names()).toContain("nodejs_eventloop_lag_seconds");
    expect(after.value("imoc_ready")).toBe(1);
  });

  it("counts a page PagerDuty refuses as failed, and one it fails transiently as retried until it goes out", async () => {
    const before = await scrape(h().bot.url);
    h().pd!.failFor(60_000, 400);
    const refused = await driver.declare("sev2", "Refused page");
    await waitFor(() => driver.events(refused.id).some((e) => e.text.startsWith("PagerDuty refused")), {
      timeoutMs: 10_000,
    });
    h().pd!.failFor(2_500, 500);
    const retried = await driver.declare("sev2", "Retried page");
    await waitFor(() => triggers(retried.id).length === 1, { timeoutMs: 20_000 });
    await slackSettled(h().db.path);
    const after = await scrape(h().bot.url);
    const moved = (name: string, labels?: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);

    expect(moved("imoc_pages_failed_total", PD_PRIMARY)).toBe(1);
    expect(moved("imoc_page_retries_total", PD_PRIMARY)).toBeGreaterThanOrEqual(1);
    expect(moved("imoc_pages_sent_total", PD_PRIMARY)).toBe(1); // the retried one, once through
    expect(moved("imoc_incidents_declared_total", { severity: "sev2", drill: "false" })).toBe(2);
  });

  it("times the acknowledgement by severity and counts the webhook that brought it, and a forged one", async () => {
    const inc = await driver.declare("sev1", "Search slow");
    await waitFor(() => triggers(inc.id).length === 1, { timeoutMs: 10_000 });
    const before = await scrape(h().bot.url);
    const payload = pagerDutyWebhookEvent({
      type: "incident.acknowledged",
      dedupKey: `imoc-inc-${inc.id}-primary`,
      agent: { summary: "Pat Primary" },
    });
    expect((await sendPagerDutyWebhook(h().bot.url, SECRET, payload, { forgeSignature: true })).status).toBe(
      401,
    );
    expect((await sendPagerDutyWebhook(h().bot.url, SECRET, payload)).status).toBe(200);
    await slackSettled(h().db.path);
    const after = await scrape(h().bot.url);
    const type = "incident.acknowledged";

    const tta = (s: typeof after) => s.histogram("imoc_time_to_acknowledge_seconds", { severity: "sev1" });
    expect(tta(after).count - tta(before).count).toBe(1);
    // Acknowledged within the test's few seconds: the observation is that, not minutes.
    expect(tta(after).sum - tta(before).sum).toBeLessThan(30);
    const webhooks = (s: typeof after, outcome: string) =>
      s.value("imoc_pagerduty_webhooks_total", {
        type: outcome === "invalid_signature" ? "unknown" : type,
        outcome,
      });
    expect(webhooks(after, "handled") - webhooks(before, "handled")).toBe(1);
    expect(webhooks(after, "invalid_signature") - webhooks(before, "invalid_signature")).toBe(1);
    expect(after.value("imoc_incidents", { severity: "sev1", status: "acknowledged" })).toBe(1);
  });

  it("counts Slack's 429s: the API calls refused and the waits the outbox took", async () => {
    const inc = await driver.declare("sev3", "Slow reports");
    const before = await scrape(h().bot.url);
    h().slack.failFor(1_500, { status: 429, retryAfterS: 1 });
    await driver.slash("note looking at the report queue", { channelId: inc.channelId, noReply: true });
    // The outbox waits out the 429 (Retry-After: 1 s) and the command's Slack work then goes out.
    await waitFor(
      async () =>
        (await scrape(h().bot.url)).value("imoc_slack_rate_limited_total") >
        before.value("imoc_slack_rate_limited_total"),
      {
        timeoutMs: 10_000,
      },
    );
    await slackSettled(h().db.path);
    const after = await scrape(h().bot.url);
    const moved = (name: string, labels?: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    expect(moved("imoc_slack_rate_limited_total")).toBeGreaterThanOrEqual(1);
    expect(moved("imoc_slack_rate_limit_wait_seconds_total")).toBeGreaterThanOrEqual(1); // Retry-After: 1
    expect(
      moved("imoc_slack_api_calls_total", { method: "chat.postMessage", outcome: "ratelimited" }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("shows the Slack outbox backing up while Slack fails (jobs failing, the oldest one's age) and draining when it is back", async () => {
    const outbox = (s: Awaited<ReturnType<typeof scrape>>) => ({
      pending: s.value("imoc_slack_outbox_jobs", { state: "pending" }),
      failing: s.value("imoc_slack_outbox_jobs", { state: "failing" }),
      oldest: s.value("imoc_slack_outbox_oldest_pending_seconds"),
    });
    await slackSettled(h().db.path);
    expect(outbox(await scrape(h().bot.url))).toEqual({ pending: 0, failing: 0, oldest: 0 });

    h().slack.failFor(3_000, { status: 500 });
    const title = "Outbox backs up";
    const res = await sendSlashCommand(h().bot.url, SIGNING_SECRET, {
      text: `declare sev2 ${title}`,
      responseUrl: h().slack.responseUrl("outbox-backs-up"),
    });
    expect(res.status).toBe(200);
    // The channel's job failed and waits; the jobs queued behind it (its messages, the page's DMs) wait too.
    const backedUp = await waitFor(
      async () => {
        const now = outbox(await scrape(h().bot.url));
        return now.failing >= 1 && now.pending >= 1 && now.oldest > 0.5 ? now : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    expect(backedUp.oldest).toBeLessThan(60);
    // PagerDuty's half of the page went out meanwhile: it never waits for Slack.
    const [incident] = driver.rows<{ id: number }>("select id from incidents where title = ?", title);
    await waitFor(() => triggers(incident!.id).length === 1, { timeoutMs: 10_000 });

    await slackSettled(h().db.path, 30_000);
    expect(outbox(await scrape(h().bot.url))).toEqual({ pending: 0, failing: 0, oldest: 0 });
  });

  it("counts a slash command that does not parse as a usage error of its subcommand", async () => {
    const before = await scrape(h().bot.url);
    await driver.slash("sev banana");
    await driver.slash("frobnicate");
    const after = await scrape(h().bot.url);
    const usage = (s: typeof after, subcommand: string) =>
      s.value("imoc_slash_commands_total", { subcommand, outcome: "usage" });
    expect(usage(after, "sev") - usage(before, "sev")).toBe(1);
    expect(usage(after, "unknown") - usage(before, "unknown")).toBe(1);
    // A request Bolt refuses (forged signature) is counted too, as an error of unknown kind.
    const forged = await sendSlashCommand(h().bot.url, "not-the-signing-secret", {
      text: "status",
      responseUrl: h().slack.responseUrl("forged"),
    });
    expect(forged.status).toBe(401);
    const refused = (s: typeof after) =>
      s.value("imoc_slack_requests_total", { kind: "unknown", outcome: "error" });
    expect(refused(await scrape(h().bot.url)) - refused(after)).toBe(1);
  });
});

describe("GET /metrics while Redis is away", () => {
  let redis: RestartableRedis;
  let h: Harness;
  beforeAll(async () => {
    redis = await startRestartableRedis();
    h = await startHarness({}, { redis });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("answers at once without queue figures (imoc_queue_up 0, not ready), and has them again when Redis is back", async () => {
    expect((await scrape(h.bot.url)).value("imoc_queue_up")).toBe(1);
    await redis.stop();
    const started = performance.now();
    const down = await scrape(h.bot.url);
    expect(performance.now() - started).toBeLessThan(3_000); // the queue read is bounded (1 s): it did not hang
    expect(down.value("imoc_queue_up")).toBe(0);
    expect(down.value("imoc_ready")).toBe(0);
    expect(down.families.find((f) => f.name === "imoc_queue_jobs")?.metrics ?? []).toEqual([]);
    expect(down.value("imoc_incidents", { severity: "sev1", status: "declared" })).toBe(0); // the record still answers
    await redis.start();
    await waitFor(async () => (await scrape(h.bot.url)).value("imoc_queue_up") === 1, { timeoutMs: 15_000 });
  });
});
