import { describe, expect, it } from "vitest";
import { inboundKey } from "../../src/adapters/slack/inbound-guards.js";
import { neutraliseMentions } from "../../src/domain/text/mentions.js";

const J = "\u2060";

describe("neutraliseMentions", () => {
  it.each([
    ["<!channel> look", `@${J}channel look`],
    ["<!here|here> and <!everyone>", `@${J}here and @${J}everyone`],
    ["<!subteam^S1|@oncall> and <!subteam^S0ABC>", `@${J}oncall and @${J}usergroup`],
    ["bare @here and @channel, @everyone!", `bare @${J}here and @${J}channel, @${J}everyone!`],
    ["<!CHANNEL>", `@${J}CHANNEL`],
  ])("%s", (typed, shown) => {
    expect(neutraliseMentions(typed)).toBe(shown);
  });

  it("leaves user mentions, channel links, dates and e-mail addresses live", () => {
    const text = "<@U123> in <#C1|ops> at <!date^1700000000^{time}|now>, mail ops@here.example";
    expect(neutraliseMentions(text)).toBe(text.replace("ops@here", `ops@${J}here`));
  });

  it("is idempotent", () => {
    const once = neutraliseMentions("<!here> @channel <!subteam^S1|@a>");
    expect(neutraliseMentions(once)).toBe(once);
  });
});

describe("inboundKey: what Slack resends unchanged", () => {
  it("keys commands, interactions and events by their ids", () => {
    expect(inboundKey({ command: "/incident", trigger_id: "T1" })).toBe("command:T1");
    expect(inboundKey({ type: "event_callback", event_id: "Ev1" })).toBe("event:Ev1");
    expect(inboundKey({ type: "view_submission", trigger_id: "T2" })).toBe("interaction:T2");
  });

  it("falls back to action_ts, user and action id when an interaction has no trigger id", () => {
    const body = {
      type: "block_actions",
      user: { id: "U1" },
      actions: [{ action_id: "a", action_ts: "1.5" }],
    };
    expect(inboundKey(body)).toBe("interaction:U1:a:1.5");
    expect(inboundKey({ type: "view_closed", view: { id: "V1", hash: "h" } })).toBe(
      "interaction:view_closed:V1:h",
    );
  });

  it("does not deduplicate options requests or bodies without ids", () => {
    expect(inboundKey({ type: "block_suggestion", user: { id: "U1" } })).toBeNull();
    expect(inboundKey({ type: "event_callback" })).toBeNull();
  });
});

describe("text Slack's API can carry", () => {
  it("replaces a lone surrogate, keeps pairs (emoji)", () => {
    expect(neutraliseMentions("a \ud800 b \udc00 🔥")).toBe("a \ufffd b \ufffd 🔥");
  });
});
