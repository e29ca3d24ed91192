import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createConsoleAccess } from "../../src/adapters/console/access.js";
import { html } from "../../src/adapters/console/html.js";
import { createLiveFeed } from "../../src/adapters/console/live-feed.js";
import { sessionCookie } from "../../src/adapters/console/sessions.js";
import { slackText } from "../../src/adapters/console/views/format.js";
import { openSqliteRecord } from "../../src/adapters/db/sqlite-record.js";
import { incidentView, LOG_PAGE } from "../../src/app/console/incident-view.js";
import { LOGIN_LINK_MS, secretHash, sendConsoleLink, signIn } from "../../src/app/console/sign-in.js";
import { parseEnv } from "../../src/config/env.js";
import type { SlackJob } from "../../src/ports/slack-outbox.js";
import type { Logger } from "../../src/ports/logger.js";
import { createTmpDb, type TmpDb } from "../support/tmp-db.js";

const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
let tmp: TmpDb;
let record: ReturnType<typeof openSqliteRecord>;
let now = new Date("2026-11-20T10:00:00Z");
const clock = { now: () => now };
beforeEach(() => {
  tmp = createTmpDb("console");
  record = openSqliteRecord(tmp.path, clock);
});
afterEach(() => {
  record.close();
  tmp.remove();
});

function declare(
  title: string,
  extra: { security?: boolean; drill?: boolean; status?: "resolved"; channelId?: string } = {},
) {
  const incident = record.stores.incidents.create(
    {
      title,
      description: null,
      severity: "sev2",
      security: extra.security ?? false,
      drill: extra.drill,
      declaredBy: "U1",
      declaredAt: now,
    },
    () => ({ kind: "declared", occurredAt: now, actor: "slack:U1", text: "Declared" }),
  );
  const patch = {
    ...(extra.status ? { status: extra.status } : {}),
    ...(extra.channelId ? { channelId: extra.channelId } : {}),
  };
  return Object.keys(patch).length ? record.stores.incidents.update(incident.id, patch, null) : incident;
}

/** Appends a note by the bot; returns its event id. */
const note = (incidentId: number, text: string) =>
  record.stores.timeline.append({ incidentId, kind: "note", occurredAt: now, actor: "bot", text }).id;

describe("html templates", () => {
  it("escape every interpolated value, in text and attributes, but not markup built by html", () => {
    const evil = `"><script>alert('x')</script>&`;
    const out =
      html`<a title="${evil}">${evil}</a>${html`<b>${evil}</b>`}${[evil, html`<i>ok</i>`]}${null}${false}`
        .value;
    expect(out).not.toContain("<script>");
    expect(out).toBe(
      `<a title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</a><b>&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</b>&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;<i>ok</i>`,
    );
  });

  it("Slack markup reads as names and labels", () => {
    expect(slackText("Paged <@U1> in <#C9|inc-9> see <https://x.test/a|the graph>", { U1: "Pat" })).toBe(
      "Paged @Pat in #inc-9 see the graph",
    );
  });
});

describe("sign-in links", () => {
  function send(userId: string) {
    const jobs: SlackJob[] = [];
    const deps = {
      clock,
      consoleStore: record.stores.consoleStore,
      outbox: { add: (_id: number | null, ...added: SlackJob[]) => void jobs.push(...added) },
      publicUrl: () => "https://imoc.example.com",
    };
    sendConsoleLink(deps, { userId, message: (link) => ({ text: link }) });
    const job = jobs[0];
    if (job?.kind !== "dm") throw new Error("no DM queued");
    expect(job.user).toBe(userId);
    const link = new URL(job.message.text);
    expect(`${link.origin}${link.pathname}`).toBe("https://imoc.example.com/console/login");
    return link.searchParams.get("token") as string;
  }
  const redeem = (token: string) =>
    signIn(
      { clock, consoleStore: record.stores.consoleStore },
      { token, sessionMs: 3_600_000, roleOf: async () => "responder" },
    );

  it("work once, keep only the hash, and start a session with the person's role", async () => {
    const token = send("U7");
    expect(record.stores.consoleStore.redeemLoginToken(token, now)).toBeNull(); // the raw token is not a key
    const first = await redeem(token);
    if (first.kind !== "signed-in") throw new Error("refused");
    expect(first.session).toMatchObject({ userId: "U7", role: "responder" });
    expect(record.stores.consoleStore.session(secretHash(first.secret), now)?.userId).toBe("U7");
    expect((await redeem(token)).kind).toBe("refused");
    // The session ends when it expires.
    now = new Date(now.getTime() + 3_600_001);
    expect(record.stores.consoleStore.session(secretHash(first.secret), now)).toBeNull();
  });

  it("are refused after 10 minutes", async () => {
    const token = send("U7");
    now = new Date(now.getTime() + LOGIN_LINK_MS + 1);
    expect((await redeem(token)).kind).toBe("refused");
  });
});

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax, scoped to /console, and Secure behind TLS", () => {
    expect(sessionCookie("abc", 3600, false)).toBe(
      "imoc_console=abc; Path=/console; HttpOnly; SameSite=Lax; Max-Age=3600",
    );
    expect(sessionCookie("abc", 3600, true)).toMatch(/; Secure$/);
  });
});

describe("the console's list query", () => {
  const titles = (f: Partial<Parameters<typeof record.stores.consoleStore.listIncidents>[0]> = {}) =>
    record.stores.consoleStore
      .listIncidents({ includeDrills: false, visibleSecurity: "all", limit: 50, offset: 0, ...f })
      .incidents.map((i) => i.title);

  it("puts open incidents first, hides drills unless asked, searches titles literally", () => {
    declare("old open");
    declare("done", { status: "resolved" });
    declare("new open");
    declare("a drill", { drill: true });
    declare("100% CPU");
    expect(titles()).toEqual(["100% CPU", "new open", "old open", "done"]);
    expect(titles({ includeDrills: true })).toContain("a drill");
    expect(titles({ search: "OPEN" })).toEqual(["new open", "old open"]);
    expect(titles({ search: "0%" })).toEqual(["100% CPU"]);
    expect(titles({ search: "_" })).toEqual([]);
    expect(titles({ status: "resolved" })).toEqual(["done"]);
  });

  it("shows only the security incidents a person may see", () => {
    declare("public");
    const mine = declare("mine", { security: true });
    declare("theirs", { security: true });
    expect(titles({ visibleSecurity: [mine.id] })).toEqual(["mine", "public"]);
    expect(titles({ visibleSecurity: [] })).toEqual(["public"]);
    expect(titles({ visibleSecurity: [mine.id], security: true })).toEqual(["mine"]);
    expect(titles({ security: false })).toEqual(["public"]);
  });

  it("reads roles from user groups and security visibility from channel members", async () => {
    const secret = declare("secret", { security: true, channelId: "CSEC" });
    const access = createConsoleAccess({
      directory: {
        groupMembers: async (g) =>
          g === "SADMIN" ? ["UA"] : g === "SRESP" ? ["UR"] : Promise.reject(new Error("no_such_subteam")),
        privateChannelsOf: async (u) => (u === "UM" ? ["CSEC", "COTHER"] : ["COTHER"]),
      },
      store: record.stores.consoleStore,
      responderGroups: ["SGONE", "SRESP"],
      adminGroups: ["SADMIN"],
      logger: silent,
    });
    expect([await access.roleOf("UA"), await access.roleOf("UR"), await access.roleOf("UX")]).toEqual([
      "admin",
      "responder",
      "viewer",
    ]);
    const session = (userId: string, role: "viewer" | "admin" = "viewer") => ({
      userId,
      role,
      csrf: "c",
      expiresAt: now,
    });
    expect(await access.canSee(session("UM"), secret)).toBe(true);
    expect(await access.canSee(session("UX"), secret)).toBe(false);
    expect(await access.canSee(session("UX", "admin"), secret)).toBe(true);
    expect(await access.visibleSecurity(session("UM"))).toEqual([secret.id]);
    expect(await access.visibleSecurity(session("UX"))).toEqual([]);
  });
});

describe("the incident page's log", () => {
  it("shows the latest 500 events, with earlier pages a link away", () => {
    const incident = declare("long");
    record.stores.transaction(() => {
      for (let n = 1; n < 1200; n++) note(incident.id, `n${n}`);
    });
    const deps = { ...record.stores };
    const latest = incidentView(deps, incident);
    expect([latest.log.length, latest.total, latest.latest]).toEqual([LOG_PAGE, 1200, true]);
    expect(latest.log.at(-1)?.text).toBe("n1199");
    expect(latest.lastId).toBe(latest.log.at(-1)?.id);
    const earlier = incidentView(deps, incident, latest.earlierBefore ?? 0);
    expect([earlier.log[0]?.seq, earlier.log.at(-1)?.seq, earlier.latest]).toEqual([201, 700, false]);
    const first = incidentView(deps, incident, earlier.earlierBefore ?? 0);
    expect([first.log.length, first.log[0]?.kind, first.earlierBefore]).toEqual([200, "declared", null]);
  });
});

describe("the live feed", () => {
  it("hands each new event to every listener once, and polls only while someone listens", async () => {
    const incident = declare("live");
    const feed = createLiveFeed({ store: record.stores.consoleStore, logger: silent, intervalMs: 10 });
    const a: number[] = [];
    const b: number[] = [];
    const stopA = feed.subscribe((events) => a.push(...events.map((e) => e.id)));
    feed.subscribe((events) => b.push(...events.map((e) => e.id)));
    const added = [1, 2, 3].map((n) => note(incident.id, `n${n}`));
    await vi.waitFor(() => {
      expect(a).toEqual(added);
      expect(b).toEqual(added);
    });
    stopA();
    const later = note(incident.id, "n4");
    // Once b has the later event, the poll that carried it is over: a, unsubscribed, did not get it.
    await vi.waitFor(() => expect(b).toEqual([...added, later]));
    expect(a).toEqual(added);
    feed.stop();
    expect(feed.listeners).toBe(0);
  });
});

describe("configuration", () => {
  it("takes user group ids and says so when given a handle", () => {
    const base = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", INCIDENTS_CHANNEL: "C1" };
    const ok = parseEnv({ ...base, CONSOLE_ADMIN_GROUPS: "S01, S02" });
    expect(ok.ok && ok.env.CONSOLE_ADMIN_GROUPS).toEqual(["S01", "S02"]);
    const bad = parseEnv({ ...base, CONSOLE_RESPONDER_GROUPS: "@oncall", CONSOLE_SESSION_HOURS: "forever" });
    expect(bad.ok).toBe(false);
    const problems = bad.ok ? [] : bad.problems.join("\n");
    expect(problems).toMatch(/CONSOLE_RESPONDER_GROUPS.*user group ids/);
    expect(problems).toMatch(/CONSOLE_SESSION_HOURS.*hours/);
  });
});
