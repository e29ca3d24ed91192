import { describe, expect, it } from "vitest";
import { commsReply } from "../../src/adapters/slack/blocks/escalation-replies.js";
import { routeIncidentCommand } from "../../src/adapters/slack/listeners/commands/subcommands/index.js";

describe("/incident escalation, update and comms commands", () => {
  it("says what to type when update has no text or escalation has arguments", () => {
    expect(routeIncidentCommand("update")).toEqual({
      ok: false,
      reply: expect.stringContaining("Write the update after the command: `/incident update <text>`."),
    });
    expect(routeIncidentCommand("escalation now")).toMatchObject({
      ok: false,
      reply: expect.stringContaining('`/incident escalation` takes no arguments (got "now")'),
    });
  });

  it("answers with what the comms rule did", () => {
    expect(commsReply({ kind: "sent", to: ["#product"], failed: ["#support"] })).toBe(
      ":mega: Sent to #product; could not post to #support.",
    );
    expect(commsReply({ kind: "counted", count: 1, threshold: 2 })).toBe(
      ":memo: Customer report 1 recorded; product is told at 2.",
    );
  });
});
