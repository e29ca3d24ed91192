import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Harness, pagerDutyEnv, startHarness } from "../support/bot-harness.js";
import { incidentDriver } from "../support/incident-driver.js";
import { type PagerDutyFake, startPagerDutyFake } from "../support/pagerduty-fake.js";
import { waitFor } from "../support/wait-for.js";

let h: Harness;
let pd: PagerDutyFake;
const { slash, declare, events, rows } = incidentDriver(() => h);

const PAT = { id: "PUSER1", summary: "Pat Primary", email: "pat.primary@example.com" };
const SAM = { id: "PUSER2", summary: "Sam Secondary", email: "sam.secondary@example.com" };
const NEW_HIRE = { id: "PUSER3", summary: "Noa Newhire", email: "noa@contractor.example.com" };

beforeAll(async () => {
  pd = await startPagerDutyFake();
  pd.setOncalls([
    {
      user: PAT,
      schedule: { id: "PSCHED1", summary: "Primary" },
      escalation_policy: { id: "PPOLICY1" },
      start: "2026-11-25T08:00:00Z",
      end: "2026-11-25T18:00:00Z",
    },
    { user: SAM, schedule: null, escalation_policy: { id: "PPOLICY2" }, escalation_level: 1 },
    {
      user: NEW_HIRE,
      schedule: null,
      escalation_policy: { id: "PPOLICY2" },
      escalation_level: 2,
      end: "2026-11-26T09:00:00Z",
    },
  ]);
  h = await startHarness({ ...pagerDutyEnv(pd), ESCALATION_MATRIX: "test/fixtures/matrix/on-call.yaml" });
});
afterAll(async () => {
  await h?.stop();
  await pd?.close();
});
/** A few minutes later: the answers expired, in the replicas' shared cache and the bot's memory. */
async function forgetOnCallAnswers() {
  const redis = new Redis(h.redis.url);
  try {
    const keys = await redis.keys(`${h.vars.QUEUE_PREFIX}:cache:oncall:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
  await h.restart();
}
afterEach(() => {
  expect(h.slack.unexpected).toEqual([]);
  expect(pd.unexpected).toEqual([]);
});

describe("/incident role", () => {
  it("makes someone commander: topic, invite, DM with the duties, timeline", async () => {
    const { id, channelId } = await declare("sev2", "Search is down");
    expect(await slash("role commander <@U_IC|ira>", { channelId })).toContain(
      "<@U_IC> is now incident commander",
    );
    expect(h.slack.channel(channelId)?.topic).toContain("IC: <@U_IC>");
    expect(h.slack.membersOf(channelId)).toContain("U_IC");
    const dm = await waitFor(() => h.slack.dms("U_IC").find((m) => m.text?.includes("Incident commander")));
    expect(dm.text).toContain("You do not debug; you coordinate");
    expect(
      events(id)
        .filter((e) => e.kind === "role_assigned")
        .map((e) => e.text),
    ).toEqual(["Incident commander: <@U_IC>"]);

    await slash("role commander <@U_SECONDARY|sam>", { channelId });
    expect(h.slack.channel(channelId)?.topic).toContain("IC: <@U_SECONDARY>");
    expect(
      events(id)
        .filter((e) => e.kind === "role_assigned")
        .at(-1)?.text,
    ).toBe("Incident commander: <@U_SECONDARY> (was <@U_IC>)");
    expect(await slash("role commander <@U_SECONDARY|sam>", { channelId })).toContain(
      "already incident commander",
    );
  });

  it("gives comms and scribe roles, recorded per incident", async () => {
    const { id, channelId } = await declare("sev2", "Emails delayed");
    await slash("role comms <@U_PRODUCT|priya>", { channelId });
    await slash("role scribe <@U_DIRECTOR|drew>", { channelId });
    expect(h.slack.membersOf(channelId)).toEqual(expect.arrayContaining(["U_PRODUCT", "U_DIRECTOR"]));
    await waitFor(() => h.slack.dms("U_PRODUCT").find((m) => m.text?.includes("Communications lead")));
    await waitFor(() => h.slack.dms("U_DIRECTOR").find((m) => m.text?.includes("Scribe")));
    expect(rows("select role, user_id from incident_roles where incident_id = ? order by role", id)).toEqual([
      { role: "comms", user_id: "U_PRODUCT" },
      { role: "scribe", user_id: "U_DIRECTOR" },
    ]);
    expect(events(id).filter((e) => e.kind === "role_assigned")).toHaveLength(2);
  });

  it("explains the form when the mention is missing, and records nothing", async () => {
    const { id, channelId } = await declare("sev3", "Typo on pricing page");
    expect(await slash("role comms priya", { channelId })).toContain("/incident role commander @dana");
    expect(events(id).some((e) => e.kind === "role_assigned")).toBe(false);
  });
});

describe("/incident oncall", () => {
  it("answers who is on call for a schedule target, with their Slack account and until when", async () => {
    const reply = await slash("oncall primary", { channelId: "CGENERAL" });
    expect(reply).toContain("*primary*");
    expect(reply).toContain("<@U_PRIMARY> (Pat Primary), until 2026-11-25 18:00 UTC");
    const request = pd.requests.find((r) => r.path === "/oncalls");
    expect(request?.query).toContain("schedule_ids%5B%5D=PSCHED1");
    expect(request?.query).toContain("include%5B%5D=users");
  });

  it("lists every PagerDuty target without an argument, names people without a Slack account", async () => {
    // Noa is on call in PagerDuty with an e-mail no Slack account has.
    h.slack.allowErrors("users_not_found");
    const reply = await slash("oncall");
    expect(reply).toContain("*secondary*");
    expect(reply).toContain("<@U_SECONDARY> (Sam Secondary), always on call");
    expect(reply).toContain("Noa Newhire (noa@contractor.example.com, no Slack account with that e-mail)");
    expect(reply).toContain("*primary*");
  });

  it("caches answers for a few minutes, shared through Redis: a restarted bot (or another replica) gives the same one", async () => {
    const before = pd.requests.length;
    expect(await slash("oncall primary")).toContain("<@U_PRIMARY>");
    await h.restart();
    expect(await slash("oncall primary")).toContain("<@U_PRIMARY>");
    expect(pd.requests.length).toBe(before);
  });

  it("says PagerDuty is unreachable instead of failing silently", async () => {
    pd.setDown(true);
    try {
      const reply = await slash("oncall security_officer");
      expect(reply).toContain("no PagerDuty schedule or escalation policy");
      // Secondary was cached above; once that answer expired the bot must ask PagerDuty.
      await forgetOnCallAnswers();
      const down = await slash("oncall secondary");
      expect(down).toMatch(/could not ask PagerDuty who is on call — PagerDuty is unreachable/);
    } finally {
      pd.setDown(false);
    }
  });

  it("says when PagerDuty answers with an error", async () => {
    await forgetOnCallAnswers();
    pd.failNext(500, 1, "rest");
    expect(await slash("oncall primary")).toContain("PagerDuty answered HTTP 500");
    expect(await slash("oncall primary")).toContain("<@U_PRIMARY>");
  });

  it("names the known targets when the target is wrong", async () => {
    expect(await slash("oncall dba")).toContain(
      '"dba" is not a target in the escalation matrix. Known: primary, secondary',
    );
  });
});

describe("escalation steps and on-call", () => {
  it("a SEV-1 page also reaches whoever PagerDuty says is on call, invited and DMed", async () => {
    const { channelId } = await declare("sev1", "Cart is empty for everyone");
    // U_IC is the matrix's Slack user for primary; Pat (U_PRIMARY) is on call in PSCHED1.
    for (const user of ["U_IC", "U_PRIMARY"]) {
      await waitFor(() => h.slack.dms(user).some((m) => m.text?.includes("Cart is empty")));
    }
    expect(h.slack.membersOf(channelId)).toEqual(expect.arrayContaining(["U_IC", "U_PRIMARY"]));
    await pd.waitFor(() => pd.events.length > 0);
  });

  it("a PagerDuty-only target reaches Slack through whoever is on call", async () => {
    h.slack.allowErrors("users_not_found");
    const { channelId } = await declare("security", "Suspicious admin logins");
    // legal lists no Slack users here; PPOLICY2 has Sam (level 1) and Noa (no Slack account).
    await waitFor(() => h.slack.dms("U_SECONDARY").some((m) => m.text?.includes("Suspicious admin logins")));
    expect(h.slack.membersOf(channelId)).toContain("U_SECONDARY");
    const paged = await waitFor(() =>
      h.slack
        .messagesIn(channelId)
        .find((m) => m.text?.includes("Legal") && m.text.includes("<@U_SECONDARY>")),
    );
    expect(paged.text).not.toContain("no Slack users found");
  });
});
