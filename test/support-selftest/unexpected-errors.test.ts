import { event } from "@pagerduty/pdjs";
import { LogLevel, WebClient } from "@slack/web-api";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeRoutingKey, type PagerDutyFake, startPagerDutyFake } from "../support/pagerduty-fake.js";
import { sharedRedis } from "../support/shared-redis.js";
import { type SlackFake, startSlackFake } from "../support/slack-fake.js";
import { takeUnexpectedErrors } from "../support/unexpected-errors.js";

let slack: SlackFake;
let pd: PagerDutyFake;
let client: WebClient;
beforeAll(async () => {
  [slack, pd] = await Promise.all([startSlackFake(), startPagerDutyFake()]);
  client = new WebClient(slack.token, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
});
afterAll(async () => {
  await Promise.all([slack.close(), pd.close()]);
});

/** What a bot that swallows errors does: the call fails, nobody looks. */
const swallow = (call: Promise<unknown>) => call.catch(() => undefined);
const badEvent = () =>
  event({
    server: pd.eventsHost,
    data: {
      routing_key: "short",
      event_action: "trigger",
      payload: { summary: "x", source: "x", severity: "info" },
    },
  });

describe("error answers nobody expected", () => {
  // `it.fails` passes only when the test fails: here only the afterEach of
  // test/support/fail-on-unexpected.ts can fail it.
  it.fails("fail the test when a Slack call was malformed, even if the caller swallowed it", async () => {
    await swallow(client.chat.postMessage({ channel: "CGENERAL", text: "" }));
  });

  it.fails("fail the test when PagerDuty refused an event, even if the caller swallowed it", async () => {
    await swallow(badEvent());
  });

  it("are reported with the method, the arguments' keys and the error", async () => {
    await swallow(client.chat.postMessage({ channel: "CNOPE", text: "hi", blocks: [] }));
    await swallow(badEvent());
    expect(slack.unexpectedErrors).toHaveLength(1);
    expect(takeUnexpectedErrors()).toEqual([
      {
        fake: "Slack",
        call: "chat.postMessage",
        argKeys: ["channel", "text", "blocks"],
        error: "channel_not_found",
      },
      {
        fake: "PagerDuty",
        call: "POST /v2/enqueue",
        argKeys: ["routing_key", "event_action", "payload"],
        error: expect.stringMatching(/^400 .*routing_key/),
      },
    ]);
  });

  it("pass when the test allowed them, and only for that test", async () => {
    slack.allowErrors("no_text");
    pd.allowErrors(400);
    await swallow(client.chat.postMessage({ channel: "CGENERAL", text: "" }));
    await swallow(badEvent());
    expect(slack.unexpectedErrors).toEqual([]);
    expect(pd.unexpectedErrors).toEqual([]);
  });

  it("count again in the next test", async () => {
    await swallow(client.chat.postMessage({ channel: "CGENERAL", text: "" }));
    expect(takeUnexpectedErrors()).toMatchObject([{ call: "chat.postMessage", error: "no_text" }]);
  });

  it("do not include failures the test injected", async () => {
    slack.failNext("chat.postMessage", "fatal_error");
    pd.failNext(400);
    await swallow(client.chat.postMessage({ channel: "CGENERAL", text: "a" }));
    await swallow(
      event({
        server: pd.eventsHost,
        data: {
          routing_key: fakeRoutingKey("p"),
          event_action: "resolve",
          dedup_key: "d",
          payload: { summary: "x", source: "x", severity: "info" },
        },
      }),
    );
    expect(slack.unexpectedErrors).toEqual([]);
    expect(pd.unexpectedErrors).toEqual([]);
  });
});

describe("the run's Redis", () => {
  it("is one redis-server shared by every file, answering PING", async () => {
    const redis = await sharedRedis();
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      expect(await client.ping()).toBe("PONG");
      expect(redis.url).toBe((await sharedRedis()).url);
    } finally {
      client.disconnect();
    }
  });
});
