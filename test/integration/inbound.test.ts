import { describe, expect, it } from "vitest";
import { SIGNING_SECRET } from "../support/bot-harness.js";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import {
  blockAction,
  makeTriggerId,
  reactionAdded,
  sendEvent,
  sendInteraction,
  sendSlashCommand,
  viewSubmission,
} from "../support/slack-signer.js";
import { waitFor } from "../support/wait-for.js";

const h = useHarness();
const { slash, declare, rows, events } = incidentDriver(h);

const count = (sql: string, ...params: unknown[]) => rows<{ n: number }>(sql, ...params)[0]?.n ?? 0;
const incidentCount = () => count("select count(*) n from incidents");
const channelCount = () => h().slack.callsTo("conversations.create").length;
/** Settles the bot's background work: one more command answered means earlier ones ran. */
const settle = () => slash("help");

describe("Slack retries and replays are processed once", () => {
  it("a slash command redelivered with the same trigger_id (x-slack-retry-num: 1) declares one incident", async () => {
    const [incidents, channels] = [incidentCount(), channelCount()];
    const input = {
      text: "declare sev2 Retried declaration",
      responseUrl: h().slack.responseUrl("retried"),
      triggerId: makeTriggerId(),
    };
    const first = await sendSlashCommand(h().bot.url, SIGNING_SECRET, input);
    const retry = await sendSlashCommand(h().bot.url, SIGNING_SECRET, input, { retryNum: 1 });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await waitFor(() => h().slack.responses.find((r) => r.key === "retried"));
    await settle();
    expect(incidentCount()).toBe(incidents + 1);
    expect(channelCount()).toBe(channels + 1);
    expect(h().slack.responses.filter((r) => r.key === "retried")).toHaveLength(1);
  });

  it("the same signed slash command posted 3 times is one incident; a replayed note is one note", async () => {
    const before = incidentCount();
    const declareInput = {
      text: "declare sev2 Replayed declaration",
      responseUrl: h().slack.responseUrl("replayed"),
      triggerId: makeTriggerId(),
    };
    const results = await Promise.all(
      [1, 2, 3].map(() => sendSlashCommand(h().bot.url, SIGNING_SECRET, declareInput)),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitFor(() => h().slack.responses.find((r) => r.key === "replayed"));
    await settle();
    expect(incidentCount()).toBe(before + 1);

    const { id, channelId } = await declare("sev2", "Noted once");
    const noteInput = {
      text: "note replayed note",
      channelId,
      responseUrl: h().slack.responseUrl("note"),
      triggerId: makeTriggerId(),
    };
    for (let i = 0; i < 3; i++) await sendSlashCommand(h().bot.url, SIGNING_SECRET, noteInput);
    await waitFor(() => h().slack.responses.find((r) => r.key === "note"));
    await settle();
    expect(events(id).filter((e) => e.kind === "note")).toHaveLength(1);
  });

  it("an interaction delivered twice (a modal submission, a button) is processed once", async () => {
    const { id, channelId } = await declare("sev2", "Updated once");
    const submission = viewSubmission({
      callbackId: "post_update",
      privateMetadata: String(id),
      values: { update: { update_input: "Rolled back, watching" } },
    });
    const a = await sendInteraction(h().bot.url, SIGNING_SECRET, submission);
    const b = await sendInteraction(h().bot.url, SIGNING_SECRET, submission, { retryNum: 1 });
    expect([a.status, b.status]).toEqual([200, 200]);
    await waitFor(() => events(id).some((e) => e.kind === "status_update"));
    await settle();
    expect(events(id).filter((e) => e.kind === "status_update")).toHaveLength(1);

    // "Post update" opens a modal with the click's trigger_id: a second open would be refused
    // by Slack (exchanged_trigger_id) and show up in `unexpected`.
    const click = blockAction({
      actionId: "incident_post_update",
      value: String(id),
      channelId,
      messageTs: h().slack.messagesIn(channelId)[0]?.ts,
    });
    const views = h().slack.views.length;
    await sendInteraction(h().bot.url, SIGNING_SECRET, click);
    await sendInteraction(h().bot.url, SIGNING_SECRET, click, { retryNum: 1 });
    await waitFor(() => h().slack.views.length > views);
    await settle();
    expect(h().slack.views.length).toBe(views + 1);
  });

  it("an event delivered twice (same event_id) is processed once", async () => {
    const { channelId } = await declare("sev2", "Pinned once");
    const posted = h().slack.userPosts(channelId, "U_DECLARER", "db failover started");
    const event = reactionAdded({ reaction: "pushpin", userId: "U_DECLARER", channelId, ts: posted.ts });
    const tells = () => h().slack.callsTo("chat.postEphemeral").length;
    const before = tells();
    const opts = { eventId: "EvREPEATED1" };
    expect((await sendEvent(h().bot.url, SIGNING_SECRET, event, opts)).status).toBe(200);
    expect((await sendEvent(h().bot.url, SIGNING_SECRET, event, { ...opts, retryNum: 1 })).status).toBe(200);
    await waitFor(() => tells() > before);
    await settle();
    // The second delivery would have told the person "already in the IMOC log".
    expect(tells()).toBe(before + 1);
  });

  it("keeps the keys in inbound_requests", () => {
    expect(count("select count(*) n from inbound_requests where key = 'event:EvREPEATED1'")).toBe(1);
  });
});

describe("signature timestamps", () => {
  const input = () => ({
    text: "declare sev2 From the future",
    responseUrl: h().slack.responseUrl("future"),
  });

  it("refuses a request signed 10 minutes (or a day) in the future, and records nothing", async () => {
    const before = [incidentCount(), count("select count(*) n from inbound_requests")];
    const now = Math.floor(Date.now() / 1000);
    for (const ahead of [10 * 60, 24 * 60 * 60]) {
      const res = await sendSlashCommand(h().bot.url, SIGNING_SECRET, input(), { timestamp: now + ahead });
      expect(res.status).toBe(401);
    }
    await settle();
    expect([incidentCount(), count("select count(*) n from inbound_requests") - 1]).toEqual(before);
    expect(h().slack.responses.find((r) => r.key === "future")).toBeUndefined();
  });

  it("refuses a timestamp that is not a whole number, and still takes a small clock skew", async () => {
    const now = Math.floor(Date.now() / 1000);
    const fractional = await sendSlashCommand(h().bot.url, SIGNING_SECRET, input(), {
      timestamp: now + 0.5,
    });
    expect(fractional.status).toBe(401);
    const skewed = await sendSlashCommand(
      h().bot.url,
      SIGNING_SECRET,
      { text: "help", responseUrl: h().slack.responseUrl("skewed") },
      { timestamp: now + 60 },
    );
    expect(skewed.status).toBe(200);
    await waitFor(() => h().slack.responses.find((r) => r.key === "skewed"));
  });
});

describe("typed text cannot broadcast", () => {
  /** A live broadcast: Slack markup for channel/here/everyone/user groups, or a bare word it links. */
  const LIVE = /<!(channel|here|everyone|subteam)|@(channel|here|everyone)\b/i;

  it("a title with <!channel> and <!subteam^S1|@oncall> reaches the announcement, topic and intro neutralised", async () => {
    const title = "Checkout <!channel> down, ping <!subteam^S1|@oncall>";
    const { id, channelId } = await declare("sev2", title);
    await slash("note rolled back, tell <!here> and <!everyone> and <@U_DECLARER>", { channelId });
    await slash("update still <!channel> watching", { channelId });

    const topic = h().slack.channel(channelId)?.topic ?? "";
    const intro = h().slack.messagesIn(channelId)[0];
    const announcement = h()
      .slack.messagesIn("CINCIDENTS")
      .find((m) => m.text?.includes("Checkout"));
    const channelMessages = h().slack.messagesIn(channelId);
    expect(topic).toContain("Checkout @\u2060channel down, ping @\u2060oncall");
    expect(topic).not.toMatch(LIVE);
    expect(JSON.stringify(intro)).toContain("@\u2060oncall");
    expect(JSON.stringify(announcement)).toContain("@\u2060channel");
    for (const message of [intro, announcement, ...channelMessages])
      expect(JSON.stringify(message)).not.toMatch(LIVE);
    // The note keeps its user mention live.
    expect(
      channelMessages.some((m) => m.text?.includes("<@U_DECLARER>") && m.text.includes("@\u2060here")),
    ).toBe(true);
    // Every reply the bot sent back to the person, too.
    for (const r of h().slack.responses) expect(JSON.stringify(r.body)).not.toMatch(LIVE);

    // The record keeps what was typed.
    expect(rows<{ title: string }>("select title from incidents where id = ?", id)[0]?.title).toBe(title);
    expect(events(id).find((e) => e.kind === "note")?.text).toContain("<!here> and <!everyone>");
  });
});
