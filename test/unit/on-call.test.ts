import { describe, expect, it } from "vitest";
import { withOnCall } from "../../src/adapters/pagerduty/with-on-call.js";
import { onCallReply } from "../../src/adapters/slack/blocks/on-call-reply.js";
import { playbookMessage } from "../../src/adapters/slack/blocks/playbook-message.js";
import type { Playbook } from "../../src/domain/playbooks/playbook.js";

describe("on-call people for escalation steps", () => {
  it("puts the on-call people first, then the matrix's own Slack users, without duplicates", async () => {
    const directory = withOnCall<{ id: string }>(
      { slackUsersFor: async () => ["U_GROUP1", "U_PRIMARY"] },
      { slackUsersFor: async (id) => (id === "primary" ? ["U_PRIMARY"] : []) },
    );
    expect(await directory.slackUsersFor({ id: "primary" })).toEqual(["U_PRIMARY", "U_GROUP1"]);
  });

  it("never asks PagerDuty for a drill", async () => {
    let asked = false;
    const directory = withOnCall<{ id: string }>(
      { slackUsersFor: async () => ["U_GROUP1"] },
      {
        slackUsersFor: async () => {
          asked = true;
          return ["U_PRIMARY"];
        },
      },
    );
    expect(await directory.slackUsersFor({ id: "primary" }, { drill: true })).toEqual(["U_GROUP1"]);
    expect(asked).toBe(false);
  });

  it("keeps the matrix's users when PagerDuty fails", async () => {
    const directory = withOnCall<{ id: string }>(
      { slackUsersFor: async () => ["U_GROUP1"] },
      {
        slackUsersFor: async () => {
          throw new Error("ECONNRESET");
        },
      },
    );
    expect(await directory.slackUsersFor({ id: "primary" })).toEqual(["U_GROUP1"]);
  });
});

describe("what people read", () => {
  it("says plainly that PagerDuty could not be asked", () => {
    expect(
      onCallReply([
        { kind: "unavailable", target: "primary", reason: "PagerDuty is unreachable (ECONNRESET)" },
      ]),
    ).toBe(
      ":warning: *primary*: could not ask PagerDuty who is on call — PagerDuty is unreachable (ECONNRESET). Check PagerDuty directly (app or web) and page by hand if needed.",
    );
  });

  it("escapes playbook text so it cannot mention @channel or forge links", () => {
    const playbook: Playbook = {
      id: "x",
      title: "<!channel> <https://evil.example|click>",
      owner: "U0OWNER",
      backup: "@bee",
      services: [],
      keywords: [],
      targets: [],
      severities: ["sev1"],
      links: [],
      escalationTriggers: [],
      lastDrilled: null,
      body: "1. Step <!here>\n",
      file: "x.md",
    };
    const { text } = playbookMessage(playbook, "https://imoc.example.com/playbooks/x");
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<!here>");
    expect(text).toContain("&lt;!channel&gt;");
    expect(text).toContain("Owner <@U0OWNER> · backup @bee · last drilled never");
  });
});
