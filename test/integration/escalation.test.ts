import { resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, SIGNING_SECRET, startHarness } from "../support/bot-harness.js";
import { secondsMatrixVars, TARGET_KEYS, targetOfKey } from "../support/escalation-env.js";
import { pagerDutyWebhookEvent, sendPagerDutyWebhook } from "../support/pagerduty-fake.js";
import { blockAction, sendInteraction } from "../support/slack-signer.js";
import { incidentDriver } from "../support/incident-driver.js";
import { timersQueue } from "../support/timers-queue.js";
import { waitFor } from "../support/wait-for.js";
import { slackSettled } from "../support/outbox.js";

/**
 * What only the real queue shows, on real BullMQ timers in Redis: steps fire on time, once, and
 * cancelled ones are gone from Redis. The matrix is the handbook's five times faster than seconds
 * (5m → 1s, `fast.yaml`); the semantics themselves (who is skipped when) are unit-tested on a
 * manual clock (test/unit/escalation-semantics.test.ts). The scenarios run side by side on one bot.
 * Timings allow ±1.2 s for a busy 2-core machine; order and "exactly once" are strict.
 */
const FAST_MATRIX = resolve(import.meta.dirname, "../fixtures/matrix/fast.yaml");
const TOLERANCE_MS = 1200;
const LONG = 30_000;
const SECRET = "pd-webhook-secret";
let h: Harness;

function rows<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(h.db.path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
const driver = incidentDriver(() => h);
const slash = (text: string, channelId?: string, userId = "U_DECLARER") =>
  driver.slash(text, { channelId, userId });

interface Declared {
  id: number;
  channelId: string;
  declaredAt: number;
}
async function declare(severity: string, title: string): Promise<Declared> {
  await slash(`declare ${severity} ${title}`);
  const row = rows<{ id: number; channel_id: string; declared_at: number }>(
    "select id, channel_id, declared_at from incidents where title = ?",
    title,
  )[0]!;
  return { id: row.id, channelId: row.channel_id, declaredAt: row.declared_at };
}

const triggers = (incidentId: number) =>
  h.pd!.events.filter((e) => e.action === "trigger" && e.dedupKey.startsWith(`imoc-inc-${incidentId}-`));
const resolves = (incidentId: number) =>
  h.pd!.events.filter((e) => e.action === "resolve" && e.dedupKey.startsWith(`imoc-inc-${incidentId}-`));
const pagedTargets = (incidentId: number) => triggers(incidentId).map((e) => targetOfKey(e.routingKey));
const kinds = (incidentId: number, kind: string) =>
  rows<{ text: string; data: string }>(
    "select text, data from timeline_events where incident_id = ? and kind = ? order by seq",
    incidentId,
    kind,
  );

function expectOnTime(incidentId: number, t0: number, expected: Array<[string, number]>) {
  const events = triggers(incidentId);
  expect(events.map((e) => targetOfKey(e.routingKey))).toEqual(expected.map(([t]) => t));
  expected.forEach(([target, dueS], i) => {
    const offset = events[i]!.at - t0;
    expect(Math.abs(offset - dueS * 1000), `${target} paged at ${offset} ms, due ${dueS} s`).toBeLessThan(
      TOLERANCE_MS,
    );
  });
}

const SEV1_PLAN: Array<[string, number]> = [
  ["primary", 0],
  ["secondary", 1],
  ["incident_commander", 2],
  ["engineering_director", 3],
  ["cto", 6],
];
/** SEV-2: secondary 3 s (until acknowledged), product lead (Slack only) 6 s, director 9 s. */
const SEV2_PAGERDUTY: Array<[string, number]> = [
  ["primary", 0],
  ["engineering_director", 9],
];
let timers: ReturnType<typeof timersQueue>;

let timing: Promise<Declared>;
let acked: Promise<Declared & { ackAt: number }>;
let resolved: Promise<Declared & { resolvedAt: number }>;
let raised: Promise<Declared & { raisedAt: number }>;
let webhook: Promise<
  Declared & {
    forged: number;
    ok: number;
    other: { status: number; body: string };
    statusAfterForged: string;
  }
>;

beforeAll(async () => {
  h = await startHarness(
    { STATUS_UPDATE_EVERY: "1h", ESCALATION_MATRIX: FAST_MATRIX },
    { pagerDuty: true, vars: ({ slack }) => secondsMatrixVars(slack) },
  );
  timers = timersQueue(h.redis.url, h.vars.QUEUE_PREFIX!);
  timing = declare("sev1", "Checkout down");
  // SEV-2, whose secondary comes at 3 s: time enough to press Acknowledge on a busy machine.
  acked = declare("sev2", "Login down").then(async (inc) => {
    // The Acknowledge button in the page DM the primary got.
    await waitFor(() => h.slack.dms("U_PRIMARY").some((m) => m.text?.includes("INC-")));
    const ackAt = Date.now();
    const res = await sendInteraction(
      h.bot.url,
      SIGNING_SECRET,
      blockAction({
        actionId: "incident_acknowledge",
        value: String(inc.id),
        userId: "U_PRIMARY",
        responseUrl: h.slack.responseUrl(`ack-${inc.id}`),
      }),
    );
    expect(res.status).toBe(200);
    return { ...inc, ackAt };
  });
  resolved = declare("sev1", "Search down").then(async (inc) => {
    await waitFor(() => triggers(inc.id).length >= 2, { timeoutMs: 10_000 });
    const resolvedAt = Date.now();
    await slash("resolve rolled back", inc.channelId, "U_IC");
    return { ...inc, resolvedAt };
  });
  raised = declare("sev2", "Payments slow").then(async (inc) => {
    await sleepUntil(inc.declaredAt + 1500);
    await slash("sev 1", inc.channelId, "U_PRIMARY");
    const raisedAt = rows<{ occurred_at: number }>(
      "select occurred_at from timeline_events where incident_id = ? and kind = 'severity_changed'",
      inc.id,
    )[0]!.occurred_at;
    return { ...inc, raisedAt };
  });
  webhook = declare("sev2", "Email down").then(async (inc) => {
    await waitFor(() => triggers(inc.id).length >= 1, { timeoutMs: 10_000 });
    const dedupKey = `imoc-inc-${inc.id}-primary`;
    const payload = pagerDutyWebhookEvent({
      type: "incident.acknowledged",
      dedupKey,
      agent: { summary: "Pat Primary" },
    });
    const forged = (await sendPagerDutyWebhook(h.bot.url, SECRET, payload, { forgeSignature: true })).status;
    const statusAfterForged = rows<{ status: string }>(
      "select status from incidents where id = ?",
      inc.id,
    )[0]!.status;
    const ok = (await sendPagerDutyWebhook(h.bot.url, SECRET, payload)).status;
    // Not ours: answered, ignored, nothing recorded.
    const other = await sendPagerDutyWebhook(
      h.bot.url,
      SECRET,
      pagerDutyWebhookEvent({ type: "incident.acknowledged", dedupKey: "someone-elses-alert" }),
    );
    return { ...inc, forged, ok, other, statusAfterForged };
  });
});

afterAll(async () => {
  await timers?.close();
  await h?.stop();
});

describe("escalation on real timers", () => {
  it(
    "pages primary 0 s, secondary 1 s, IC 2 s, director 3 s, CTO 6 s, each once, each in the timeline and the channel",
    async () => {
      const inc = await timing;
      await waitFor(() => triggers(inc.id).length >= 5, {
        timeoutMs: 20_000,
        describe: () => h.pd!.describe(),
      });
      // Every step has run: nothing is left in Redis that could page again.
      await waitFor(async () => (await timers.stepJobs(inc.id)).length === 0);
      expectOnTime(inc.id, inc.declaredAt, SEV1_PLAN);
      const first = triggers(inc.id)[0]!;
      expect(first.severity).toBe("critical");
      expect(first.summary).toContain("SEV-1");
      expect(first.summary).toContain("Checkout down");
      expect(first.dedupKey).toBe(`imoc-inc-${inc.id}-primary`);
      expect(first.routingKey).toBe(TARGET_KEYS.primary);
      expect(kinds(inc.id, "page_sent")).toHaveLength(5);
      await slackSettled(h.db.path);
      const lines = h.slack.messagesIn(inc.channelId).map((m) => m.text ?? "");
      expect(lines.filter((l) => l.startsWith("⏫"))).toHaveLength(5);
      expect(lines).toContainEqual(expect.stringMatching(/^⏫ T\+1s: paged Secondary on-call/));
      // Slack side: invited and DMed with an Acknowledge button (primary through its user group).
      for (const user of ["U_PRIMARY", "U_SECONDARY", "U_IC", "U_DIRECTOR", "U_CTO"]) {
        expect(h.slack.membersOf(inc.channelId)).toContain(user);
        const dm = h.slack.dms(user).find((m) => m.text?.includes(`INC-${inc.id} `));
        expect(JSON.stringify(dm?.blocks)).toContain("incident_acknowledge");
      }
    },
    LONG,
  );

  it(
    "the Acknowledge button in the page DM means no secondary page; product lead and director still come",
    async () => {
      const inc = await acked;
      await waitFor(() => triggers(inc.id).length >= 2, {
        timeoutMs: 20_000,
        describe: () => h.pd!.describe(),
      });
      await waitFor(async () => (await timers.stepJobs(inc.id)).length === 0);
      expectOnTime(inc.id, inc.declaredAt, SEV2_PAGERDUTY);
      const skipped = kinds(inc.id, "page_skipped");
      expect(skipped).toHaveLength(1);
      expect(skipped[0]!.text).toMatch(/Secondary on-call: incident acknowledged/);
      expect(h.slack.dms("U_PRODUCT").filter((m) => m.text?.includes(`INC-${inc.id} `))).toHaveLength(1);
      const ack = rows<{ acknowledged_at: number }>(
        "select acknowledged_at from incidents where id = ?",
        inc.id,
      )[0]!;
      expect(ack.acknowledged_at).toBeLessThan(inc.declaredAt + 3000);
    },
    LONG,
  );

  it(
    "resolving stops everything pending and resolves the PagerDuty pages",
    async () => {
      const inc = await resolved;
      // Nothing left in Redis that could page: the cancelled steps cannot fire late.
      expect(await timers.stepJobs(inc.id)).toEqual([]);
      const paged = pagedTargets(inc.id);
      expect(paged.length).toBeGreaterThanOrEqual(2);
      expect(paged).toEqual(SEV1_PLAN.slice(0, paged.length).map(([t]) => t));
      const steps = rows<{ target: string; state: string }>(
        "select target, state from escalation_steps where incident_id = ? order by idx",
        inc.id,
      );
      // Each step either paged before the resolve or was cancelled by it, none still pending.
      expect(steps.map((s) => s.state)).toEqual(
        SEV1_PLAN.map((_, i) => (i < paged.length ? "paged" : "cancelled")),
      );
      // Every triggered page got a resolve (PagerDuty's resolve is idempotent).
      await waitFor(() => resolves(inc.id).length >= paged.length, {
        timeoutMs: 10_000,
        describe: () => h.pd!.describe(),
      });
      const keys = (events: Array<{ dedupKey: string }>) => new Set(events.map((e) => e.dedupKey));
      expect(keys(resolves(inc.id))).toEqual(keys(triggers(inc.id)));
      expect(kinds(inc.id, "page_resolved")).toHaveLength(paged.length);
      expect(pagedTargets(inc.id)).toEqual(paged);
    },
    LONG,
  );

  it(
    "raising SEV-2 to SEV-1 re-plans from the raise without paging anyone twice",
    async () => {
      const inc = await raised;
      await waitFor(() => triggers(inc.id).length >= 5, {
        timeoutMs: 20_000,
        describe: () => h.pd!.describe(),
      });
      await waitFor(async () => (await timers.stepJobs(inc.id)).length === 0);
      const events = triggers(inc.id);
      expect(events.map((e) => targetOfKey(e.routingKey))).toEqual(SEV1_PLAN.map(([t]) => t));
      expect(Math.abs(events[0]!.at - inc.declaredAt)).toBeLessThan(TOLERANCE_MS);
      // SEV-1's plan from the raise: secondary +1 s, IC +2 s, director +3 s, CTO +6 s.
      SEV1_PLAN.slice(1).forEach(([target, dueS], i) => {
        const offset = events[i + 1]!.at - inc.raisedAt;
        expect(Math.abs(offset - dueS * 1000), `${target} at ${offset} ms after the raise`).toBeLessThan(
          TOLERANCE_MS,
        );
      });
      const steps = rows<{ generation: number; target: string; state: string; reason: string | null }>(
        "select generation, target, state, reason from escalation_steps where incident_id = ? order by generation, idx",
        inc.id,
      );
      expect(steps.find((s) => s.generation === 2 && s.target === "primary")).toMatchObject({
        state: "skipped",
        reason: "already paged for this incident",
      });
      expect(steps.filter((s) => s.generation === 1 && s.state === "cancelled").length).toBeGreaterThan(0);
    },
    LONG,
  );

  it(
    "a PagerDuty acknowledgement (signed v3 webhook) acknowledges the incident and records the time to acknowledge",
    async () => {
      const inc = await webhook;
      expect(inc.forged).toBe(401);
      expect(inc.statusAfterForged).toBe("declared");
      expect(inc.ok).toBe(200);
      expect(rows<{ status: string }>("select status from incidents where id = ?", inc.id)[0]!.status).toBe(
        "acknowledged",
      );
      const acked = kinds(inc.id, "page_acknowledged");
      expect(acked).toHaveLength(1);
      expect(acked[0]!.text).toMatch(
        /Pat Primary acknowledged the page of Primary on-call in PagerDuty after \d+/,
      );
      expect(JSON.parse(acked[0]!.data).msToAcknowledge).toBeGreaterThanOrEqual(0);
      expect(kinds(inc.id, "acknowledged")[0]!.text).toMatch(/^Acknowledged after/);
      expect(inc.other.status).toBe(200);
      expect(JSON.parse(inc.other.body)).toMatchObject({ kind: "ignored" });
      // The secondary (until acknowledged) is skipped.
      await waitFor(() => kinds(inc.id, "page_skipped").length >= 1, { timeoutMs: 10_000 });
    },
    LONG,
  );

  it("shows the plan with /incident escalation: fired, pending with due time, skipped with why", async () => {
    const inc = await acked;
    const text = await slash("escalation", inc.channelId);
    expect(text).toContain("Primary on-call");
    expect(text).toMatch(/paged/);
    expect(text).toMatch(/skipped.*acknowledged/);
  });

  it("ends with no call the fakes did not expect", () => {
    expect(h.slack.unexpected).toEqual([]);
    expect(h.pd!.unexpected).toEqual([]);
  });
});
