import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPagerDutyOnCallDirectory } from "../../src/adapters/pagerduty/pd-on-call-directory.js";
import { createRedisCache } from "../../src/adapters/queue/redis-cache.js";
import type { SharedCache } from "../../src/ports/shared-cache.js";
import { type PagerDutyFake, startPagerDutyFake } from "../support/pagerduty-fake.js";
import { sharedRedis } from "../support/shared-redis.js";

let pd: PagerDutyFake;
let now = new Date("2026-11-25T10:00:00Z");
const silent = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };

function directory(token: string | undefined, shared?: SharedCache) {
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
    ...(shared ? { shared } : {}),
  });
}

const PAT = {
  user: { id: "PUSER1", summary: "Pat Primary", email: "pat.primary@example.com" },
  schedule: { id: "PSCHED1" },
  escalation_policy: { id: "PPOLICY1" },
  end: "2026-11-25T18:00:00Z",
};

beforeAll(async () => {
  pd = await startPagerDutyFake({ oncalls: [PAT] });
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

describe("on-call answers shared by replicas (Redis)", () => {
  it("a second replica gives the first one's answer until it is TTL old, without asking PagerDuty; then both take the new shift", async () => {
    const redis = await sharedRedis();
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const prefix = `oncall-${Math.random().toString(36).slice(2)}`;
    try {
      const a = directory(pd.apiToken, createRedisCache(connection, prefix));
      const b = directory(pd.apiToken, createRedisCache(connection, prefix));
      pd.setOncalls([PAT]);
      const first = await a.whoIsOnCall("primary");
      expect(first).toMatchObject({ kind: "on-call", cached: false, people: [{ name: "Pat Primary" }] });
      // The shift changes in PagerDuty; replica B, asked now, names the same person as A did.
      const sam = {
        ...PAT,
        user: { id: "PUSER2", summary: "Sam Second", email: "sam@example.com" },
        end: "2026-11-26T10:00:00Z",
      };
      pd.setOncalls([sam]);
      const asked = pd.requests.length;
      const second = await b.whoIsOnCall("primary");
      expect(second).toEqual({ ...first, cached: true });
      expect(second.kind === "on-call" && second.people[0]?.until).toEqual(new Date(PAT.end));
      expect(pd.requests.length).toBe(asked);
      // Once the answer is TTL old, whichever replica asks first fetches the new shift; the other follows.
      now = new Date(now.getTime() + 61_000);
      expect(await b.whoIsOnCall("primary")).toMatchObject({
        cached: false,
        people: [{ name: "Sam Second" }],
      });
      expect(await a.whoIsOnCall("primary")).toMatchObject({
        cached: true,
        people: [{ name: "Sam Second" }],
      });
      expect(pd.unexpected).toEqual([]);
    } finally {
      await connection.quit();
      await redis.stop();
    }
  });
});
