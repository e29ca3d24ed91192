import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Harness, SIGNING_SECRET, startHarness } from "../support/bot-harness.js";
import {
  messageChanged,
  messageDeleted,
  messageShortcut,
  reactionAdded,
  sendEvent,
  sendInteraction,
  viewSubmission,
} from "../support/slack-signer.js";
import { secondsMatrixVars } from "../support/escalation-env.js";
import { pagerDutyWebhookEvent, sendPagerDutyWebhook } from "../support/pagerduty-fake.js";
import { incidentDriver } from "../support/incident-driver.js";
import { waitFor } from "../support/wait-for.js";

const API_TOKEN = "test-api-token-0123456789";
let h: Harness;
beforeAll(async () => {
  // The handbook's matrix in seconds: declaring a SEV-1 pages the primary through PagerDuty.
  h = await startHarness(
    { API_TOKEN, STATUS_UPDATE_EVERY: "1h" },
    { pagerDuty: true, vars: ({ slack }) => secondsMatrixVars(slack, "1h") },
  );
});
afterAll(async () => {
  await h?.stop();
});
afterEach(() => {
  expect(h.slack.unexpected).toEqual([]);
});

const driver = incidentDriver(() => h);
const slash = (text: string, channelId?: string, userId = "U_DECLARER") =>
  driver.slash(text, { channelId, userId });
const event = (e: Record<string, unknown>) => sendEvent(h.bot.url, SIGNING_SECRET, e);
const eventsOf = (incidentId: number) => h.bot.deps.timeline.list(incidentId);
const api = (path: string) =>
  fetch(`${h.bot.url}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
const tick = () => new Promise((r) => setTimeout(r, 15));

interface Played {
  id: number;
  channelId: string;
  texts: Record<string, string>;
  correctedTo: Date;
}
let played: Played;

/** Plays the incident of the "Done when" through Slack, as people would. */
async function play(): Promise<Played> {
  await slash("declare sev1 Checkout API returns 500s", "CGENERAL");
  const incident = h.bot.deps.incidents.list().at(-1)!;
  const channelId = incident.channelId!;
  const id = incident.id;
  // The responders joined the channel (the bot only invites the declarer).
  h.slack.channel(channelId)!.members.push("U_PRIMARY", "U_SECONDARY", "U_IC");
  await waitFor(() => eventsOf(id).some((e) => e.kind === "page_sent"), { timeoutMs: 10_000 });
  await tick();
  const m1 = h.slack.userPosts(channelId, "U_PRIMARY", "Error rate 38% on /checkout since 02:58", {
    files: [{ name: "error-rate.png" }],
  });
  await tick();
  await slash("ack", channelId, "U_PRIMARY");
  // PagerDuty tells us the primary acknowledged the page too (v3 webhook, signed).
  const webhook = await sendPagerDutyWebhook(
    h.bot.url,
    "pd-webhook-secret",
    pagerDutyWebhookEvent({
      type: "incident.acknowledged",
      dedupKey: `imoc-inc-${id}-primary`,
      agent: { summary: "Pat Primary" },
    }),
  );
  expect(webhook.status).toBeLessThan(300);
  await waitFor(() => eventsOf(id).some((e) => e.kind === "page_acknowledged"));
  await tick();
  const m2 = h.slack.userPosts(channelId, "U_SECONDARY", "Deploy 1.4.2 went out at 02:57");
  await tick();
  const m3 = h.slack.userPosts(channelId, "U_PRIMARY", "Maybe the database? checking");
  for (const m of [m1, m2, m3])
    await event(reactionAdded({ reaction: "pushpin", userId: "U_IC", channelId, ts: m.ts }));
  // Pinned again, and added through the shortcut: still recorded once.
  await event(reactionAdded({ reaction: "pushpin", userId: "U_PRIMARY", channelId, ts: m1.ts }));
  await sendInteraction(
    h.bot.url,
    SIGNING_SECRET,
    messageShortcut({
      callbackId: "add_to_timeline",
      channelId,
      messageTs: m1.ts,
      userId: "U_IC",
      message: { text: m1.text, user: "U_PRIMARY" },
    }),
  );
  await waitFor(
    () =>
      eventsOf(id).filter((e) => e.kind === "message_recorded").length === 3 &&
      h.slack.ephemerals.length >= 5,
    { describe: () => `${JSON.stringify(eventsOf(id).map((e) => e.kind))}\n${h.slack.describe()}` },
  );
  await tick();
  await slash("note Rollback to 1.4.1 started", channelId, "U_IC");
  await tick();
  h.slack.userEdits(channelId, m2.ts, "Deploy 1.4.2 went out at 02:58 (edited: checked the deploy log)");
  await event(
    messageChanged({
      channelId,
      ts: m2.ts,
      userId: "U_SECONDARY",
      text: "Deploy 1.4.2 went out at 02:58 (edited: checked the deploy log)",
      previousText: m2.text,
    }),
  );
  await tick();
  await sendInteraction(
    h.bot.url,
    SIGNING_SECRET,
    viewSubmission({
      callbackId: "post_update",
      privateMetadata: String(id),
      userId: "U_IC",
      values: { update: { update_input: "Rolling back; checkout degraded, next update 15 min" } },
    }),
  );
  await waitFor(() => eventsOf(id).some((e) => e.kind === "status_update"));
  await tick();
  h.slack.userDeletes(channelId, m3.ts);
  await event(messageDeleted({ channelId, ts: m3.ts, userId: "U_PRIMARY", previousText: m3.text }));
  await waitFor(
    () =>
      eventsOf(id).some((e) => e.kind === "message_deleted") &&
      eventsOf(id).some((e) => e.kind === "message_revised"),
  );
  await tick();
  await slash("note follow-up: alert on checkout error rate above 5%", channelId, "U_IC");
  // The first note happened earlier than it was typed: move it before the declaration.
  const note = eventsOf(id).find((e) => e.kind === "note")!;
  const correctedTo = new Date(incident.declaredAt.getTime() - 60_000);
  const fixed = await slash(`timeline fix ${note.seq} ${correctedTo.toISOString()}`, channelId, "U_IC");
  expect(fixed).toContain(`Corrected #${note.seq}`);
  const detectedAt = new Date(incident.declaredAt.getTime() - 5 * 60_000);
  const detected = await slash(`timeline detected ${detectedAt.toISOString()}`, channelId, "U_IC");
  expect(detected).toContain("Detected at");
  await tick();
  await slash("resolve Rolled back to 1.4.1", channelId, "U_PRIMARY");
  // PagerDuty pages are resolved by a queued job after the reply; the log is complete once it ran.
  await waitFor(() => {
    const kinds = eventsOf(id).map((e) => e.kind);
    return (
      kinds.filter((k) => k === "page_resolved").length === kinds.filter((k) => k === "page_sent").length
    );
  });
  return {
    id,
    channelId,
    correctedTo,
    texts: {
      declared: "Declared SEV-1",
      page: "Paged Primary on-call",
      pageAck: "Pat Primary acknowledged the page of Primary on-call",
      ack: "Acknowledged after",
      m1: "Error rate 38% on /checkout",
      m2: "Deploy 1.4.2 went out at 02:58 (edited",
      m3: "Maybe the database? checking",
      note1: "Rollback to 1.4.1 started",
      update: "Rolling back; checkout degraded",
      note2: "follow-up: alert on checkout error rate",
      resolved: "Resolved after",
    },
  };
}

describe("the IMOC log of an incident played through Slack", () => {
  beforeAll(async () => {
    played = await play();
  });

  it("/incident timeline uploads a Markdown review with every item once, in time order, with dates", async () => {
    const reply = await slash("timeline", played.channelId);
    expect(reply).toContain("Uploaded");
    const file = await waitFor(() =>
      h.slack.files.find((f) => f.completed && f.channels.includes(played.channelId)),
    );
    expect(file.filename).toMatch(/^inc-\d+-review\.md$/);
    const md = file.bytes!.toString("utf8");
    if (process.env.DUMP_REVIEW) console.log(md);
    const table = md.slice(md.indexOf("## Timeline"), md.indexOf("## Open follow-ups"));
    const rows = table.split("\n").filter((l) => /^\| \d+ \|/.test(l));
    const rowOf = (text: string) => {
      const hits = rows.filter((r) => r.includes(text));
      expect(hits, `"${text}" should be in exactly one timeline row`).toHaveLength(1);
      return rows.indexOf(hits[0]!);
    };
    const order = Object.values(played.texts).map(rowOf);
    // Every row carries a full date and time.
    for (const r of rows) expect(r).toMatch(/\| \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC \|/);
    // Time order: rows are sorted by (corrected) time; the corrected note comes first.
    const times = rows.map((r) => /(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})/.exec(r)![1]!);
    expect([...times].sort()).toEqual(times);
    expect(order[Object.keys(played.texts).indexOf("note1")]).toBe(0);
    // Pinned messages keep their file reference, edits and deletions are shown, nothing lost.
    expect(rows[rowOf(played.texts.m1!)]).toContain("error-rate.png");
    expect(rows[rowOf(played.texts.m2!)]).toMatch(/edited .* before: "Deploy 1.4.2 went out at 02:57"/);
    expect(rows[rowOf(played.texts.m3!)]).toContain("deleted in Slack");
    expect(rows[rowOf(played.texts.note1!)]).toMatch(
      /time corrected by @Ira Commander at \d{4}-\d{2}-\d{2} .* was \d{4}-/,
    );
    // Review sections.
    expect(md).toContain("| Security incident | no |");
    expect(md).toMatch(/- time to acknowledge: \d+/);
    expect(md).toMatch(/\| Detected \| \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC \|/);
    expect(md).toContain("- detection to declaration: 5m");
    expect(md).toMatch(
      /\| \d{4}-\d{2}-\d{2} [\d:]+ UTC \| paged \| primary \| imoc \| Paged Primary on-call/,
    );
    expect(md).toMatch(
      /\| acknowledged \| primary \| Pat Primary \(PagerDuty\) \| Pat Primary acknowledged the page of Primary on-call/,
    );
    const escalationLog = md.slice(md.indexOf("## Escalation log"), md.indexOf("## Status updates"));
    expect(escalationLog).toMatch(/\| acknowledged \| incident \| @Pat Primary \| Acknowledged after /);
    expect(md).toContain("Rolling back; checkout degraded");
    expect(md).toMatch(/- \[ \] follow-up: alert on checkout error rate above 5%/);
    const head = eventsOf(played.id).at(-1)!.hash!;
    expect(md).toContain(`SHA-256 chained to the one before. Head hash: \`${head}\``);
  });

  it("the JSON export carries the same events, and `tz` shows local times", async () => {
    const md = await (await api(`/api/incidents/${played.id}/timeline?format=md`)).text();
    const res = await api(`/api/incidents/${played.id}/timeline?format=json&tz=Europe/Berlin`);
    expect(res.status).toBe(200);
    const json = (await res.json()) as {
      timeline: Array<{ seq: number; text: string; local: string; occurredAt: string }>;
      events: unknown[];
    };
    const mdSeqs = md
      .slice(md.indexOf("## Timeline"))
      .split("\n")
      .flatMap((l) => (/^\| (\d+) \|/.exec(l) ? [Number(/^\| (\d+) \|/.exec(l)![1])] : []));
    expect(json.timeline.map((e) => e.seq)).toEqual(mdSeqs);
    for (const text of Object.values(played.texts))
      expect(
        json.timeline.filter((e) => e.text.includes(text)),
        text,
      ).toHaveLength(1);
    expect(json.events).toHaveLength(eventsOf(played.id).length);
    const ms = json.timeline.map((e) => Date.parse(e.occurredAt));
    expect([...ms].sort((a, b) => a - b)).toEqual(ms);
    expect(json.timeline[0]!.local).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0[12]:00$/);
  });

  it.each([
    ["2024-07-15T12:00:00Z", "Europe/Berlin", "2024-07-15 14:00:00 +02:00"],
    ["2024-01-15T12:00:00Z", "Europe/Berlin", "2024-01-15 13:00:00 +01:00"],
    ["2024-07-15T12:00:00Z", "America/Los_Angeles", "2024-07-15 05:00:00 -07:00"],
    ["2024-01-15T12:00:00Z", "Asia/Kolkata", "2024-01-15 17:30:00 +05:30"],
  ])("an event at %s shows in %s as %s (daylight saving of that day)", async (iso, zone, local) => {
    const at = new Date(iso);
    const { id } = h.bot.deps.incidents.create(
      {
        title: `Logged at ${iso}`,
        description: null,
        severity: "sev3",
        security: false,
        drill: false,
        declaredBy: "U_DECLARER",
        declaredAt: at,
      },
      () => ({ kind: "declared", occurredAt: at, actor: "slack:U_DECLARER", text: `Declared at ${iso}` }),
    );
    const res = await api(`/api/incidents/${id}/timeline?format=json&tz=${encodeURIComponent(zone)}`);
    const json = (await res.json()) as { timeline: Array<{ text: string; local: string }> };
    expect(json.timeline.find((e) => e.text === `Declared at ${iso}`)?.local).toBe(local);
  });

  it("records a message once however many times it is pinned", () => {
    const recorded = eventsOf(played.id).filter((e) => e.kind === "message_recorded");
    expect(recorded).toHaveLength(3);
    const m1 = recorded.find((e) => e.text.startsWith("Error rate"))!;
    expect(m1.actor).toBe("slack:U_PRIMARY");
    expect(m1.source?.permalink).toMatch(/^https:\/\/fake\.slack\.com\/archives\//);
    // The Slack file id is kept so the file can be copied as evidence (chain of custody).
    const fileId = h.slack.messagesIn(played.channelId).find((m) => m.ts === m1.source?.messageTs)
      ?.files?.[0]?.id;
    expect(m1.data.files).toEqual([{ id: fileId, name: "error-rate.png", type: null, permalink: null }]);
    expect(h.slack.ephemerals.some((e) => e.text?.includes("already in the IMOC log"))).toBe(true);
  });

  it("verify passes, then a row changed by hand in SQLite is caught and named (API and npm script)", async () => {
    const ok = (await (await api(`/api/incidents/${played.id}/timeline/verify`)).json()) as {
      intact: boolean;
    };
    expect(ok.intact).toBe(true);
    const target = eventsOf(played.id).find((e) => e.kind === "status_update")!;
    const db = new Database(h.db.path);
    db.prepare("update timeline_events set text = ? where incident_id = ? and seq = ?").run(
      "All good, nothing to see",
      played.id,
      target.seq,
    );
    db.close();
    const res = await api(`/api/incidents/${played.id}/timeline/verify`);
    const verdict = (await res.json()) as {
      intact: boolean;
      firstBad: { seq: number; kind: string };
      message: string;
    };
    expect(verdict.intact).toBe(false);
    expect(verdict.firstBad).toMatchObject({ seq: target.seq, kind: "status_update" });
    expect(verdict.message).toContain(`event #${target.seq} (status_update`);

    const run = promisify(execFile);
    const root = resolve(import.meta.dirname, "../..");
    const failed = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/timeline-verify.ts", String(played.id)],
      {
        cwd: root,
        env: { ...process.env, DATABASE_PATH: h.db.path },
      },
    ).then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain(`BROKEN at event #${target.seq} (status_update`);
  });

  it("a pin outside an incident channel records nothing; the shortcut there says why", async () => {
    const before = h.bot.deps.timeline.list(played.id).length;
    const msg = h.slack.userPosts("CGENERAL", "U_PRIMARY", "lunch?");
    await event(reactionAdded({ reaction: "pushpin", userId: "U_IC", channelId: "CGENERAL", ts: msg.ts }));
    await event(reactionAdded({ reaction: "eyes", userId: "U_IC", channelId: played.channelId, ts: msg.ts }));
    await sendInteraction(
      h.bot.url,
      SIGNING_SECRET,
      messageShortcut({
        callbackId: "add_to_timeline",
        channelId: "CGENERAL",
        messageTs: msg.ts,
        userId: "U_IC",
      }),
    );
    const told = await waitFor(() =>
      h.slack.ephemerals.find((e) => e.channel === "CGENERAL" && e.user === "U_IC"),
    );
    expect(told.text).toContain("Only messages in an incident channel");
    expect(h.bot.deps.log.findRecordedMessage("CGENERAL", msg.ts)).toBeNull();
    expect(h.bot.deps.timeline.list(played.id)).toHaveLength(before);
  });
});
