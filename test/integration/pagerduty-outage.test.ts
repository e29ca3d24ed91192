import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../support/bot-harness.js";
import { secondsMatrixVars, targetOfKey } from "../support/escalation-env.js";
import { incidentDriver } from "../support/incident-driver.js";
import { pagerDutyWebhookEvent, sendPagerDutyWebhook } from "../support/pagerduty-fake.js";
import { waitFor } from "../support/wait-for.js";
import { slackSettled } from "../support/outbox.js";

/**
 * PagerDuty misbehaving the way it does on a bad day, against the bot on real BullMQ timers and
 * SQLite, with the production backoff (1 s doubling, capped at 30 s) and a 1 s request timeout
 * (PAGERDUTY_TIMEOUT_MS). The fake's faults are global, so the scenarios run one after the other.
 * Matrix: the handbook's five times faster than seconds (`fast.yaml`: SEV-1 primary 0 s,
 * secondary 1 s until acknowledged, IC 2 s, director 3 s, CTO 6 s).
 */
const FAST_MATRIX = resolve(import.meta.dirname, "../fixtures/matrix/fast.yaml");
const SECRET = "pd-webhook-secret";
const SEV1_TARGETS = ["primary", "secondary", "incident_commander", "engineering_director", "cto"];
const NAMES: Record<string, string> = {
  primary: "Primary on-call",
  secondary: "Secondary on-call",
  incident_commander: "Incident commander",
  engineering_director: "Engineering director",
  cto: "CTO",
};
let h: Harness;
const driver = incidentDriver(() => h);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  h = await startHarness(
    { STATUS_UPDATE_EVERY: "1h", ESCALATION_MATRIX: FAST_MATRIX, PAGERDUTY_TIMEOUT_MS: "1000" },
    { pagerDuty: true, vars: ({ slack }) => secondsMatrixVars(slack) },
  );
});
afterAll(async () => {
  await h?.stop();
});

const mine = (incidentId: number) => (e: { dedupKey: string }) =>
  e.dedupKey.startsWith(`imoc-inc-${incidentId}-`);
const accepted = (incidentId: number, action: string) =>
  h.pd!.events.filter((e) => e.action === action && mine(incidentId)(e));
/** Every Events API request about the incident, answered or not. */
const tried = (incidentId: number) =>
  h.pd!.requests.filter((r) => r.path === "/v2/enqueue" && r.body.includes(`"imoc-inc-${incidentId}-`));
const lines = (channelId: string) => h.slack.messagesIn(channelId).map((m) => m.text ?? "");
const timeline = (incidentId: number, kind: string) =>
  driver
    .events(incidentId)
    .filter((e) => e.kind === kind)
    .map((e) => e.text);
const unfinished = (incidentId: number) =>
  driver.rows<{ n: number }>(
    "select count(*) as n from escalation_steps where incident_id = ? and state in ('pending', 'running')",
    incidentId,
  )[0]!.n;

describe("PagerDuty failing during a SEV-1", () => {
  it("answering 500 for 20 s: every page delivered exactly once after it recovers, the channel told once each way", async () => {
    h.pd!.failFor(20_000, 500);
    const inc = await driver.declare("sev1", "Checkout down while PagerDuty fails");
    // Slack's part of the page does not wait for PagerDuty's retries.
    await waitFor(() => h.slack.dms("U_PRIMARY").some((m) => m.text?.includes(`INC-${inc.id} `)), {
      timeoutMs: 5000,
    });
    await waitFor(() => accepted(inc.id, "trigger").length === 5 && unfinished(inc.id) === 0, {
      timeoutMs: 45_000,
      describe: () => h.pd!.describe(),
    });
    const triggers = accepted(inc.id, "trigger");
    expect(triggers.map((e) => targetOfKey(e.routingKey)).sort()).toEqual([...SEV1_TARGETS].sort());
    expect(Math.min(...triggers.map((e) => e.at))).toBeGreaterThanOrEqual(tried(inc.id)[0]!.at + 19_000);
    expect(tried(inc.id).length).toBeGreaterThan(10);
    await slackSettled(h.db.path);
    const said = lines(inc.channelId);
    const count = (match: (line: string) => boolean) => said.filter(match).length;
    for (const target of SEV1_TARGETS) {
      const name = NAMES[target]!;
      const channel = `${name}, in the channel:\n${said.join("\n")}`;
      expect(
        count((l) => l.startsWith(`:warning: PagerDuty is failing for ${name} (http_500`)),
        channel,
      ).toBe(1);
      const took = `:white_check_mark: PagerDuty took the page for ${name} after`;
      expect(
        count((l) => l.startsWith(took)),
        channel,
      ).toBe(1);
      expect(
        count((l) => l.includes(`paged ${name} (PagerDuty, Slack`)),
        channel,
      ).toBe(1);
    }
    expect(said.filter((l) => l.includes("by hand"))).toEqual([]);
    expect(timeline(inc.id, "warning").filter((t) => t.includes("still trying"))).toHaveLength(5);
    expect(timeline(inc.id, "note").filter((t) => t.includes("PagerDuty took the page"))).toHaveLength(5);
    expect(timeline(inc.id, "page_sent")).toHaveLength(5);
    const attempts = driver.rows<{ target: string; pagerduty_attempts: number }>(
      "select target, pagerduty_attempts from pages where incident_id = ?",
      inc.id,
    );
    const primary = attempts.find((a) => a.target === "primary")!;
    expect(said).toContain(
      `:white_check_mark: PagerDuty took the page for Primary on-call after ${primary.pagerduty_attempts} tries.`,
    );
    await driver.slash("resolve done", { channelId: inc.channelId, userId: "U_IC" });
    await waitFor(() => accepted(inc.id, "resolve").length === 5, { timeoutMs: 10_000 });
    expect(h.pd!.unexpected).toEqual([]);
  }, 60_000);

  it("hanging, then recovering: the same outcome, and the worker is never stuck", async () => {
    h.pd!.hang(true);
    const inc = await driver.declare("sev1", "Search down while PagerDuty hangs");
    // Each try gives up after PAGERDUTY_TIMEOUT_MS (1 s) and is tried again: requests keep coming.
    await waitFor(() => tried(inc.id).filter((r) => r.body.includes("-primary")).length >= 3, {
      timeoutMs: 15_000,
      describe: () => h.pd!.describe(),
    });
    h.pd!.hang(false);
    await waitFor(() => accepted(inc.id, "trigger").length === 5 && unfinished(inc.id) === 0, {
      timeoutMs: 45_000,
      describe: () => h.pd!.describe(),
    });
    expect(new Set(accepted(inc.id, "trigger").map((e) => e.dedupKey)).size).toBe(5);
    await waitFor(() => lines(inc.channelId).filter((l) => l.startsWith("⏫")).length === 5);
    await slackSettled(h.db.path);
    const said = lines(inc.channelId);
    expect(
      said.filter((l) => l.startsWith(":warning: PagerDuty is failing for Primary on-call (timeout")),
    ).toHaveLength(1);
    expect(
      said.filter((l) => l.startsWith(":white_check_mark: PagerDuty took the page for Primary on-call")),
    ).toHaveLength(1);
    await driver.slash("resolve done", { channelId: inc.channelId, userId: "U_IC" });
    await waitFor(() => accepted(inc.id, "resolve").length === 5, { timeoutMs: 10_000 });
  }, 60_000);

  it("answering 400 (a bad routing key): no retries, 'refused' said once", async () => {
    h.pd!.failNext(400);
    const inc = await driver.declare("sev2", "Login down with a bad key");
    await waitFor(() => timeline(inc.id, "page_sent").length + timeline(inc.id, "page_failed").length >= 1, {
      timeoutMs: 10_000,
    });
    await sleep(3000); // time for retries, if there were any
    const primaryTries = tried(inc.id).filter((r) => r.body.includes(`imoc-inc-${inc.id}-primary`));
    expect(primaryTries.map((r) => r.status)).toEqual([400]);
    await slackSettled(h.db.path);
    const said = lines(inc.channelId);
    expect(said.filter((l) => l.includes("PagerDuty refused the page for Primary on-call"))).toEqual([
      ":warning: PagerDuty refused the page for Primary on-call (http_400: Event object is invalid: Injected failure). Page Primary on-call by hand.",
    ]);
    expect(said.filter((l) => l.startsWith("⏫ T+0s: paged Primary on-call (Slack"))).toHaveLength(1);
    expect(timeline(inc.id, "warning").filter((t) => t.startsWith("PagerDuty refused"))).toHaveLength(1);
    await driver.slash("resolve done", { channelId: inc.channelId, userId: "U_IC" });
  }, 30_000);

  it("resolved while PagerDuty is failing: the tries stop and nothing is delivered later", async () => {
    h.pd!.failFor(60_000, 503);
    const inc = await driver.declare("sev1", "Payments down while PagerDuty fails");
    await waitFor(
      () =>
        timeline(inc.id, "warning").some((t) => t.includes("Primary on-call") && t.includes("still trying")),
      {
        timeoutMs: 10_000,
      },
    );
    await driver.slash("resolve rolled back", { channelId: inc.channelId, userId: "U_IC" });
    await waitFor(() => unfinished(inc.id) === 0, { timeoutMs: 20_000, describe: () => h.pd!.describe() });
    h.pd!.failFor(0, 0);
    const before = tried(inc.id).length;
    await sleep(4000);
    expect(tried(inc.id).length).toBe(before);
    expect(accepted(inc.id, "trigger")).toEqual([]);
    expect(
      timeline(inc.id, "warning").filter((t) => t.startsWith("Stopped trying to page Primary on-call")),
    ).toHaveLength(1);
  }, 40_000);
});

describe("acknowledgements go both ways", () => {
  it("an ack in Slack sends PagerDuty acknowledge for each open page, once", async () => {
    const inc = await driver.declare("sev1", "Cache down, acked in Slack");
    await waitFor(() => accepted(inc.id, "trigger").length >= 2, { timeoutMs: 10_000 });
    await driver.slash("ack", { channelId: inc.channelId, userId: "U_PRIMARY" });
    const delivered = () =>
      driver.rows<{ dedup_key: string }>(
        "select dedup_key from pages where incident_id = ? and pagerduty_sent_at is not null",
        inc.id,
      );
    await waitFor(() => accepted(inc.id, "acknowledge").length >= 2, { timeoutMs: 10_000 });
    await sleep(1500);
    const acks = accepted(inc.id, "acknowledge").map((e) => e.dedupKey);
    expect(new Set(acks).size).toBe(acks.length);
    // Pages delivered when the ack came are acknowledged; later ones (the IC's) keep ringing.
    expect(acks.length).toBeGreaterThanOrEqual(2);
    expect(acks.every((k) => delivered().some((p) => p.dedup_key === k))).toBe(true);
    expect(timeline(inc.id, "page_ack_sent")).toHaveLength(acks.length);
    await driver.slash("resolve done", { channelId: inc.channelId, userId: "U_IC" });
  }, 30_000);

  it("an ack from a PagerDuty webhook is not sent back", async () => {
    const inc = await driver.declare("sev2", "Email down, acked in PagerDuty");
    await waitFor(() => accepted(inc.id, "trigger").length >= 1, { timeoutMs: 10_000 });
    const payload = pagerDutyWebhookEvent({
      type: "incident.acknowledged",
      dedupKey: `imoc-inc-${inc.id}-primary`,
      agent: { summary: "Pat Primary" },
    });
    expect((await sendPagerDutyWebhook(h.bot.url, SECRET, payload)).status).toBe(200);
    await waitFor(
      () =>
        driver.rows<{ status: string }>("select status from incidents where id = ?", inc.id)[0]!.status ===
        "acknowledged",
    );
    await sleep(1500);
    expect(accepted(inc.id, "acknowledge")).toEqual([]);
    await driver.slash("resolve done", { channelId: inc.channelId, userId: "U_IC" });
  }, 30_000);
});
