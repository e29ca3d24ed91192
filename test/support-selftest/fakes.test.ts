import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { api, event } from "@pagerduty/pdjs";
import { App, LogLevel } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  fakeRoutingKey,
  type PagerDutyFake,
  pagerDutyWebhookEvent,
  signPagerDutyWebhook,
  startPagerDutyFake,
} from "../support/pagerduty-fake.js";
import { readBody } from "../support/read-body.js";
import { startRedis } from "../support/redis.js";
import { type SlackFake, startSlackFake } from "../support/slack-fake.js";
import {
  blockAction,
  makeTriggerId,
  sendInteraction,
  sendSlashCommand,
  signSlackRequest,
} from "../support/slack-signer.js";
import { createTmpDb } from "../support/tmp-db.js";

const SECRET = "selftest-signing-secret";
// The fake's error answers are the point of these tests; keep WebClient from logging each one.
const quiet = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

describe("Slack fake", () => {
  let slack: SlackFake;
  let client: WebClient;
  beforeAll(async () => {
    slack = await startSlackFake();
    client = new WebClient(slack.token, {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
      logger: quiet,
    });
  });
  afterEach(() => slack.reset());
  afterAll(() => slack.close());

  const slackError = (error: string, extra: Record<string, unknown> = {}) => ({
    data: { ok: false, error, ...extra },
  });

  it("checks the token like Slack", async () => {
    slack.allowErrors("not_authed", "invalid_auth");
    const none = await fetch(`${slack.apiUrl}auth.test`, { method: "POST" });
    expect(await none.json()).toEqual({ ok: false, error: "not_authed" });
    const wrong = new WebClient("xoxb-wrong", {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
      logger: quiet,
    });
    await expect(wrong.auth.test()).rejects.toMatchObject(slackError("invalid_auth"));
    await expect(client.auth.test()).resolves.toMatchObject({
      ok: true,
      user_id: "UBOT",
      team_id: slack.teamId,
    });
  });

  it("creates channels under Slack's name rules", async () => {
    slack.allowErrors(
      "name_taken",
      "invalid_name_specials",
      "invalid_name_maxlength",
      "invalid_name_required",
    );
    const created = await client.conversations.create({ name: "inc-1-db-down", is_private: true });
    expect(created.channel).toMatchObject({ id: "C0001", name: "inc-1-db-down", is_private: true });
    expect(slack.channelByName("inc-1-db-down")?.members).toEqual(["UBOT"]);
    await expect(client.conversations.create({ name: "inc-1-db-down" })).rejects.toMatchObject(
      slackError("name_taken"),
    );
    await expect(client.conversations.create({ name: "Inc 2" })).rejects.toMatchObject(
      slackError("invalid_name_specials"),
    );
    await expect(client.conversations.create({ name: "a".repeat(81) })).rejects.toMatchObject(
      slackError("invalid_name_maxlength"),
    );
    await expect(client.conversations.create({ name: "" })).rejects.toMatchObject(
      slackError("invalid_name_required"),
    );
  });

  it("names a missing required argument", async () => {
    slack.allowErrors("invalid_arguments");
    await expect(client.apiCall("users.info", {})).rejects.toMatchObject(
      slackError("invalid_arguments", {
        response_metadata: { messages: ["[ERROR] missing required field: user"] },
      }),
    );
  });

  it("invites, and reports already_in_channel only when nobody is new", async () => {
    slack.allowErrors("already_in_channel", "user_not_found", "too_long");
    const { channel } = await client.conversations.create({ name: "inc-2" });
    const id = channel!.id!;
    await client.conversations.invite({ channel: id, users: "U_PRIMARY,U_IC" });
    await client.conversations.invite({ channel: id, users: "U_PRIMARY,U_CTO" });
    expect(slack.membersOf(id)).toEqual(["UBOT", "U_PRIMARY", "U_IC", "U_CTO"]);
    await expect(client.conversations.invite({ channel: id, users: "U_PRIMARY" })).rejects.toMatchObject(
      slackError("already_in_channel"),
    );
    await expect(client.conversations.invite({ channel: id, users: "U_NOBODY" })).rejects.toMatchObject(
      slackError("user_not_found"),
    );
    await expect(
      client.conversations.setTopic({ channel: id, topic: "x".repeat(251) }),
    ).rejects.toMatchObject(slackError("too_long"));
  });

  it("lists a user's private channels as a bot sees them, and user group members", async () => {
    slack.allowErrors("user_not_found", "invalid_types", "no_such_subteam");
    const { channel } = await client.conversations.create({ name: "inc-3", is_private: true });
    await client.conversations.invite({ channel: channel!.id!, users: "U_IC" });
    slack.addChannel("secret-elsewhere", { isPrivate: true, members: ["U_IC"] }); // the bot is not in it
    const res = await client.users.conversations({ user: "U_IC", types: "private_channel" });
    expect(res.channels?.map((c) => c.id)).toEqual([channel!.id]);
    const publicOnly = await client.users.conversations({ user: "U_IC" });
    expect(publicOnly.channels?.map((c) => c.id)).toEqual(["CGENERAL", "CINCIDENTS"]);
    await expect(client.users.conversations({ user: "U_NOBODY" })).rejects.toMatchObject(
      slackError("user_not_found"),
    );
    await expect(client.users.conversations({ types: "channels" })).rejects.toMatchObject(
      slackError("invalid_types"),
    );
    slack.addUserGroup("SONCALL", ["U_PRIMARY"]);
    expect((await client.usergroups.users.list({ usergroup: "SONCALL" })).users).toEqual(["U_PRIMARY"]);
    await expect(client.usergroups.users.list({ usergroup: "SNONE" })).rejects.toMatchObject(
      slackError("no_such_subteam"),
    );
  });

  it("posts, decodes form-encoded blocks, updates, and keeps ts increasing", async () => {
    slack.allowErrors("no_text", "channel_not_found", "invalid_blocks");
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*SEV-1* declared" } }];
    const first = await client.chat.postMessage({ channel: "CINCIDENTS", text: "SEV-1 declared", blocks });
    const second = await client.chat.postMessage({ channel: "CINCIDENTS", text: "second" });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(slack.callsTo("chat.postMessage")[0]!.args.blocks).toEqual(blocks);
    await client.chat.update({ channel: "CINCIDENTS", ts: first.ts!, text: "SEV-1 resolved" });
    expect(slack.messagesIn("CINCIDENTS").map((m) => m.text)).toEqual(["SEV-1 resolved", "second"]);
    await expect(client.chat.postMessage({ channel: "CINCIDENTS", text: "" })).rejects.toMatchObject(
      slackError("no_text"),
    );
    await expect(client.chat.postMessage({ channel: "CNOPE", text: "hi" })).rejects.toMatchObject(
      slackError("channel_not_found"),
    );
    const tooLong = [{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }];
    await expect(
      client.chat.postMessage({ channel: "CINCIDENTS", text: "x", blocks: tooLong }),
    ).rejects.toMatchObject(slackError("invalid_blocks"));
  });

  it("routes posts to a user id into that user's DM", async () => {
    await client.chat.postMessage({ channel: "U_PRIMARY", text: "You are paged" });
    const { channel } = await client.conversations.open({ users: "U_PRIMARY" });
    expect(channel?.id).toMatch(/^D/);
    expect(slack.dms("U_PRIMARY").map((m) => m.text)).toEqual(["You are paged"]);
  });

  it("accepts JSON bodies with a bearer token", async () => {
    const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${slack.token}` },
      body: JSON.stringify({ channel: "CGENERAL", blocks: [{ type: "divider" }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: "CGENERAL" });
  });

  it("records unknown methods as unexpected and injects failures", async () => {
    slack.allowErrors("unknown_method");
    await expect(client.apiCall("chat.scheduleMessage", { channel: "C1" })).rejects.toMatchObject(
      slackError("unknown_method"),
    );
    expect(slack.unexpected).toMatchObject([{ method: "chat.scheduleMessage", reason: "unknown_method" }]);
    slack.failNext("chat.postMessage", "fatal_error");
    await expect(client.chat.postMessage({ channel: "CGENERAL", text: "a" })).rejects.toMatchObject(
      slackError("fatal_error"),
    );
    await expect(client.chat.postMessage({ channel: "CGENERAL", text: "b" })).resolves.toMatchObject({
      ok: true,
    });
  });

  it("checks views like Slack (trigger expiry, title length)", async () => {
    slack.allowErrors("expired_trigger_id", "invalid_arguments");
    const view = {
      type: "modal" as const,
      title: { type: "plain_text" as const, text: "Declare" },
      blocks: [],
    };
    await expect(
      client.views.open({ trigger_id: makeTriggerId(Date.now() - 4000), view }),
    ).rejects.toMatchObject(slackError("expired_trigger_id"));
    const longTitle = { ...view, title: { type: "plain_text" as const, text: "t".repeat(25) } };
    await expect(client.views.open({ trigger_id: makeTriggerId(), view: longTitle })).rejects.toMatchObject(
      slackError("invalid_arguments"),
    );
    const opened = await client.views.open({ trigger_id: makeTriggerId(), view });
    expect(slack.views).toMatchObject([{ id: opened.view?.id, type: "modal" }]);
  });

  it("runs the filesUploadV2 three-step upload", async () => {
    const { channel } = await client.conversations.create({ name: "inc-3" });
    await client.filesUploadV2({
      channel_id: channel!.id!,
      filename: "timeline.md",
      content: "# Timeline",
      initial_comment: "Export",
    });
    expect(slack.files).toMatchObject([
      { filename: "timeline.md", completed: true, channels: [channel!.id] },
    ]);
    expect(slack.files[0]!.bytes?.toString()).toBe("# Timeline");
    expect(slack.messagesIn(channel!.id!)).toMatchObject([
      { text: "Export", files: [{ name: "timeline.md" }] },
    ]);
  });

  it("explains what it recorded when waitFor times out", async () => {
    await client.chat.postMessage({ channel: "CGENERAL", text: "hello there" });
    await expect(slack.waitFor(() => slack.channelByName("never"), 100)).rejects.toThrow(
      /chat\.postMessage ok .*hello there/,
    );
  });
});

describe("Slack signer", () => {
  it("signs like Slack: v0=hex(hmac_sha256(secret, v0:ts:body))", () => {
    const headers = signSlackRequest(SECRET, "a=b", 1_700_000_000);
    const expected = createHmac("sha256", SECRET).update("v0:1700000000:a=b").digest("hex");
    expect(headers).toEqual({
      "X-Slack-Signature": `v0=${expected}`,
      "X-Slack-Request-Timestamp": "1700000000",
    });
  });

  it("sends a slash command with Slack's exact content type and fields", async () => {
    let seen: { headers: IncomingHttpHeaders; body: string } | undefined;
    const server: Server = createServer(async (req, res) => {
      seen = { headers: req.headers, body: (await readBody(req)).toString() };
      res.end("");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const result = await sendSlashCommand(url, SECRET, {
      text: "declare sev1 DB down",
      responseUrl: "http://x/r",
    });
    server.close();
    expect(result.status).toBe(200);
    expect(seen!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const ts = Number(seen!.headers["x-slack-request-timestamp"]);
    expect(seen!.headers["x-slack-signature"]).toBe(
      signSlackRequest(SECRET, seen!.body, ts)["X-Slack-Signature"],
    );
    expect(Object.fromEntries(new URLSearchParams(seen!.body))).toMatchObject({
      command: "/incident",
      text: "declare sev1 DB down",
      user_id: "U_DECLARER",
      channel_id: "CGENERAL",
      response_url: "http://x/r",
    });
  });

  it("drives a real Bolt app against the Slack fake", async () => {
    const slack = await startSlackFake();
    const app = new App({
      token: slack.token,
      signingSecret: SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl },
    });
    app.command("/incident", async ({ ack, respond, client, command }) => {
      await ack();
      await client.chat.postMessage({ channel: "CINCIDENTS", text: `declared by <@${command.user_id}>` });
      await respond({ text: "Incident declared", response_type: "ephemeral" });
    });
    app.action("ack", async ({ ack, respond }) => {
      await ack();
      await respond({ text: "Acknowledged", replace_original: false });
    });
    const server = (await app.start(0)) as Server;
    const botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const forged = await sendSlashCommand(
        botUrl,
        SECRET,
        { text: "x", responseUrl: slack.responseUrl() },
        { forgeSignature: true },
      );
      expect(forged.status).toBe(401);
      const ok = await sendSlashCommand(botUrl, SECRET, {
        text: "declare",
        responseUrl: slack.responseUrl("cmd"),
      });
      expect(ok.status).toBe(200);
      await slack.waitFor(() => slack.responses.find((r) => r.key === "cmd"));
      expect(slack.messagesIn("CINCIDENTS")[0]?.text).toBe("declared by <@U_DECLARER>");
      const click = blockAction({
        actionId: "ack",
        channelId: "CINCIDENTS",
        messageTs: "1.1",
        responseUrl: slack.responseUrl("btn"),
      });
      expect((await sendInteraction(botUrl, SECRET, click)).status).toBe(200);
      await slack.waitFor(() =>
        slack.responses.find((r) => r.key === "btn" && r.body.text === "Acknowledged"),
      );
      expect(slack.unexpected).toEqual([]);
    } finally {
      await app.stop();
      await slack.close();
    }
  });
});

describe("PagerDuty fake", () => {
  let pd: PagerDutyFake;
  beforeAll(async () => {
    pd = await startPagerDutyFake({
      oncalls: [
        {
          user: { id: "PU1", summary: "Pat Primary", email: "pat.primary@example.com" },
          schedule: { id: "PSCHED1", summary: "Primary" },
          escalation_policy: { id: "PEP1", summary: "Platform" },
        },
      ],
    });
  });
  afterEach(() => pd.reset());
  afterAll(() => pd.close());

  const trigger = (routingKey: string) => ({
    routing_key: routingKey,
    event_action: "trigger" as const,
    payload: { summary: "SEV-1: DB down", source: "imoc", severity: "critical" as const },
  });

  it("rejects a bad routing key with 400 and accepts a good trigger with 202 over TLS", async () => {
    pd.allowErrors(400);
    const bad = await event({ server: pd.eventsHost, data: trigger("short") });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({
      status: "invalid event",
      errors: [expect.stringContaining("routing_key")],
    });
    const good = await event({
      server: pd.eventsHost,
      data: { ...trigger(fakeRoutingKey("primary")), dedup_key: "inc-1" },
    });
    expect(good.status).toBe(202);
    expect(good.data).toEqual({ status: "success", message: "Event processed", dedup_key: "inc-1" });
    expect(pd.events).toMatchObject([
      { action: "trigger", routingKey: fakeRoutingKey("primary"), dedupKey: "inc-1" },
    ]);
    expect(pd.unexpected).toEqual([]);
  });

  it("requires dedup_key to acknowledge, and injects failures", async () => {
    pd.allowErrors(400);
    const ack = await event({
      server: pd.eventsHost,
      data: { routing_key: fakeRoutingKey("primary"), event_action: "acknowledge" } as never,
    });
    expect(ack.status).toBe(400);
    pd.failNext(500);
    expect((await event({ server: pd.eventsHost, data: trigger(fakeRoutingKey("x")) })).status).toBe(500);
    expect((await event({ server: pd.eventsHost, data: trigger(fakeRoutingKey("x")) })).status).toBe(202);
    pd.setDown(true);
    await expect(event({ server: pd.eventsHost, data: trigger(fakeRoutingKey("x")) })).rejects.toThrow();
  });

  it("fails for a while, hangs until cleared, and records acknowledges", async () => {
    const send = () => event({ server: pd.eventsHost, data: trigger(fakeRoutingKey("x")) });
    pd.failFor(300, 503);
    expect((await send()).status).toBe(503);
    expect((await send()).status).toBe(503);
    await new Promise((r) => setTimeout(r, 350));
    expect((await send()).status).toBe(202);

    pd.hang(true);
    const hung = send().then(
      (res) => res.status,
      () => "dropped",
    );
    await pd.waitFor(() => pd.hanging === 1);
    const raced = await Promise.race([hung, new Promise((r) => setTimeout(() => r("still waiting"), 300))]);
    expect(raced).toBe("still waiting");
    pd.hang(false);
    expect(await hung).toBe("dropped");
    expect((await send()).status).toBe(202);
    expect(pd.requests.map((r) => r.status)).toEqual([503, 503, 202, 0, 202]);

    const ack = await event({
      server: pd.eventsHost,
      data: { routing_key: fakeRoutingKey("x"), event_action: "acknowledge", dedup_key: "inc-1-x" } as never,
    });
    expect(ack.status).toBe(202);
    expect(pd.events.at(-1)).toMatchObject({ action: "acknowledge", dedupKey: "inc-1-x" });
  });

  it("answers on-call look-ups, with e-mail only when users are included", async () => {
    pd.allowErrors(401, 404);
    const pdApi = api({ token: pd.apiToken });
    const plain = await pdApi({ url: `${pd.apiUrl}oncalls`, data: { "schedule_ids[]": ["PSCHED1"] } });
    expect(plain.data.oncalls).toMatchObject([{ user: { id: "PU1", type: "user_reference" } }]);
    expect(plain.data.oncalls[0].user.email).toBeUndefined();
    const full = await pdApi({ url: `${pd.apiUrl}oncalls`, data: { "include[]": ["users"] } });
    expect(full.data.oncalls[0].user.email).toBe("pat.primary@example.com");
    const denied = await api({ token: "wrong", url: `${pd.apiUrl}oncalls` });
    expect(denied.status).toBe(401);
    const missing = await pdApi({ url: `${pd.apiUrl}incidents` });
    expect(missing.status).toBe(404);
    expect(pd.unexpected).toEqual(["GET /incidents"]);
  });

  it("signs webhooks as PagerDuty v3 does", () => {
    const body = JSON.stringify(pagerDutyWebhookEvent({ type: "incident.acknowledged", dedupKey: "inc-1" }));
    const expected = createHmac("sha256", "whsec").update(body).digest("hex");
    expect(signPagerDutyWebhook(body, "whsec")).toBe(`v1=${expected}`);
    expect(JSON.parse(body).event).toMatchObject({
      event_type: "incident.acknowledged",
      data: { incident_key: "inc-1" },
    });
  });
});

describe("Redis and SQLite helpers", () => {
  it("starts a redis-server that answers PING", async () => {
    const redis = await startRedis();
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      expect(await client.ping()).toBe("PONG");
    } finally {
      client.disconnect();
      await redis.stop();
    }
  });

  it("gives each caller a fresh SQLite path", () => {
    const a = createTmpDb();
    const b = createTmpDb();
    expect(a.path).not.toBe(b.path);
    a.remove();
    b.remove();
  });
});
