import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPagerDutyOnCallDirectory } from "../../src/adapters/pagerduty/pd-on-call-directory.js";
import { type PagerDutyFake, startPagerDutyFake } from "../support/pagerduty-fake.js";

let pd: PagerDutyFake;
let now = new Date("2026-11-25T10:00:00Z");
const silent = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };

function directory(token: string | undefined) {
  return createPagerDutyOnCallDirectory({
    apiUrl: pd.apiUrl,
    token,
    targets: [
      {
        id: "primary",
        name: "Primary on-call",
        pagerduty: { routingKey: "r".repeat(32), scheduleId: "PSCHED1" },
        slack: { users: [], usergroups: [] },
      },
    ],
    lookupUserByEmail: async (email) => (email === "pat.primary@example.com" ? "U_PRIMARY" : null),
    clock: { now: () => now },
    logger: silent,
    ttlMs: 60_000,
  });
}

beforeAll(async () => {
  pd = await startPagerDutyFake({
    oncalls: [
      {
        user: { id: "PUSER1", summary: "Pat Primary", email: "pat.primary@example.com" },
        schedule: { id: "PSCHED1" },
        escalation_policy: { id: "PPOLICY1" },
        end: "2026-11-25T18:00:00Z",
      },
    ],
  });
});
afterAll(async () => {
  await pd?.close();
});

describe("the PagerDuty on-call directory (pdjs REST against the fake)", () => {
  it("caches for the TTL, asks again after it, and falls back to the last answer when PagerDuty is down", async () => {
    const dir = directory(pd.apiToken);
    const first = await dir.whoIsOnCall("primary");
    expect(first).toMatchObject({ kind: "on-call", cached: false, people: [{ slackUserId: "U_PRIMARY" }] });
    const requests = pd.requests.length;
    expect(await dir.whoIsOnCall("PRIMARY")).toMatchObject({ kind: "on-call", cached: true });
    expect(pd.requests.length).toBe(requests);

    now = new Date(now.getTime() + 61_000);
    pd.setDown(true);
    try {
      const down = await dir.whoIsOnCall("primary");
      expect(down).toMatchObject({
        kind: "unavailable",
        reason: expect.stringContaining("PagerDuty is unreachable"),
        lastKnown: { people: [{ name: "Pat Primary", slackUserId: "U_PRIMARY" }] },
      });
      expect(await dir.slackUsersFor("primary")).toEqual([]);
    } finally {
      pd.setDown(false);
    }
    expect(await dir.whoIsOnCall("primary")).toMatchObject({ kind: "on-call", cached: false });
    expect(await dir.slackUsersFor("primary")).toEqual(["U_PRIMARY"]);
  });

  it("says the token was refused, and says when there is no token at all", async () => {
    pd.allowErrors(401);
    expect(await directory("wrong-token").whoIsOnCall("primary")).toMatchObject({
      kind: "unavailable",
      reason: "PagerDuty refused the API token (HTTP 401); check PAGERDUTY_API_TOKEN",
    });
    const before = pd.requests.length;
    expect(await directory(undefined).whoIsOnCall("primary")).toMatchObject({
      kind: "unavailable",
      reason: "PAGERDUTY_API_TOKEN is not set",
    });
    expect(pd.requests.length).toBe(before);
    expect(pd.unexpected).toEqual([]);
  });
});
