import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Harness, SIGNING_SECRET, startHarness } from "../support/bot-harness.js";
import { blockAction, sendInteraction, sendSlashCommand, viewSubmission } from "../support/slack-signer.js";
import { slackSettled } from "../support/outbox.js";
import { waitFor } from "../support/wait-for.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});
afterEach(() => {
  expect(h.slack.unexpected).toEqual([]);
});

function rows<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(h.db.path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const keyOf = (text: string) => text.replace(/[^a-zA-Z0-9-]+/g, "-");

const slash = (text: string, opts: { channelId?: string; userId?: string; key?: string } = {}) =>
  sendSlashCommand(h.bot.url, SIGNING_SECRET, {
    text,
    channelId: opts.channelId,
    userId: opts.userId,
    responseUrl: h.slack.responseUrl(keyOf(opts.key ?? text)),
  });

/** The ephemeral answer, once what the command queued for Slack has gone out too. */
const replyTo = async (key: string) => {
  const text = await waitFor(
    () => h.slack.responses.find((r) => r.key === keyOf(key))?.body.text as string | undefined,
    { describe: () => h.slack.describe() },
  );
  await slackSettled(h.db.path);
  return text;
};

async function declare(title: string, severity = "sev1") {
  const key = `declare-${title}`;
  const res = await slash(`declare ${severity} ${title}`, { key });
  expect(res.status).toBe(200);
  await replyTo(key);
  const incident = rows<{ id: number; channel_id: string }>(
    "select id, channel_id from incidents where title = ?",
    title,
  )[0];
  if (!incident) throw new Error("incident not recorded");
  return incident;
}

describe("declaring an incident from Slack", () => {
  it("acks at once and opens a channel, invites, posts the intro and the announcement, records it", async () => {
    const res = await slash("declare sev1 Checkout API returns 500s", { key: "first" });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);

    const reply = await replyTo("first");
    const creates = h.slack.callsTo("conversations.create");
    expect(creates).toHaveLength(1);
    const name = creates[0]?.args.name as string;
    expect(name).toMatch(/^inc-\d+-checkout-api-returns-500s$/);
    const channel = h.slack.channelByName(name);
    expect(channel).toBeDefined();
    expect(reply).toContain(`<#${channel!.id}>`);
    expect(h.slack.membersOf(channel!.id)).toContain("U_DECLARER");
    expect(channel!.topic).toMatch(/^SEV-1 \| Investigating \| IC: unassigned \| Checkout API returns 500s/);

    const intro = h.slack.messagesIn(channel!.id)[0];
    const actionIds = JSON.stringify(intro?.blocks);
    for (const id of ["incident_acknowledge", "incident_post_update", "incident_resolve"])
      expect(actionIds).toContain(id);
    const announcement = h.slack.messagesIn("CINCIDENTS").at(-1);
    expect(announcement?.text).toContain("Checkout API returns 500s");
    expect(announcement?.text).toContain(`<#${channel!.id}>`);

    const incidents = rows<{
      id: number;
      severity: string;
      status: string;
      channel_id: string;
      declared_by: string;
    }>("select * from incidents");
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      severity: "sev1",
      status: "declared",
      channel_id: channel!.id,
      declared_by: "U_DECLARER",
    });
    const kinds = rows<{ kind: string }>(
      "select kind from timeline_events where incident_id = ? order by seq",
      incidents[0]!.id,
    );
    // The API-outage playbook matches this title and is linked as part of the declaration; the
    // channel is recorded when Slack has opened it (the outbox), so either may come first.
    expect(kinds[0]?.kind).toBe("declared");
    expect(kinds.map((k) => k.kind).sort()).toEqual(["channel_created", "declared", "playbook_linked"]);
  });

  it("adds a suffix when Slack says the channel name is taken", async () => {
    const nextId = (rows<{ n: number }>("select coalesce(max(id), 0) + 1 as n from incidents")[0]?.n ??
      1) as number;
    h.slack.addChannel(`inc-${nextId}-payments-down`);
    h.slack.allowErrors("name_taken");
    const { channel_id } = await declare("Payments down", "sev2");
    expect(h.slack.channel(channel_id)?.name).toBe(`inc-${nextId}-payments-down-2`);
  });

  it("a channel Slack refuses for good: the incident is recorded, the declarer told why, once", async () => {
    h.slack.failNext("conversations.create", "restricted_action");
    const res = await slash("declare sev2 Billing export stuck", { key: "refused" });
    expect(res.status).toBe(200);
    const reply = await replyTo("refused");
    expect(reply).toContain("its channel could not be created (restricted_action)");
    expect(h.slack.responses.filter((r) => r.key === keyOf("refused"))).toHaveLength(1);
    const incident = rows<{ id: number; channel_id: string | null }>(
      "select id, channel_id from incidents where title = 'Billing export stuck'",
    )[0]!;
    expect(incident.channel_id).toBeNull();
    const warnings = rows<{ text: string }>(
      "select text from timeline_events where incident_id = ? and kind = 'warning'",
      incident.id,
    );
    expect(warnings.map((w) => w.text)).toEqual(["Could not create the incident channel: restricted_action"]);
  });

  it("opens a private channel for a security event", async () => {
    const { channel_id } = await declare("Leaked API key", "security");
    expect(h.slack.channel(channel_id)?.isPrivate).toBe(true);
    expect(
      rows<{ security: number }>("select security from incidents where channel_id = ?", channel_id)[0]
        ?.security,
    ).toBe(1);
  });

  it("answers a wrong command with help and records nothing", async () => {
    const before = rows<{ n: number }>("select count(*) n from timeline_events")[0]!.n;
    await slash("declare sev9 Broken", { key: "bad" });
    expect(await replyTo("bad")).toMatch(/"sev9" is not a severity/);
    await slash("explode", { key: "unknown" });
    expect(await replyTo("unknown")).toContain("`explode` is not an /incident command");
    expect(rows<{ n: number }>("select count(*) n from timeline_events")[0]!.n).toBe(before);
  });

  it("tells people outside an incident channel where to run in-channel commands", async () => {
    await slash("ack", { key: "ack-outside", channelId: "CGENERAL" });
    expect(await replyTo("ack-outside")).toContain("not an incident channel");
  });

  it("opens the declare modal and declares from its submission", async () => {
    await slash("declare", { key: "modal" });
    const view = await waitFor(() => h.slack.views.find((v) => v.callbackId === "declare_incident"));
    expect(view.view.title).toMatchObject({ text: "Declare an incident" });
    const res = await sendInteraction(
      h.bot.url,
      SIGNING_SECRET,
      viewSubmission({
        callbackId: "declare_incident",
        values: {
          title: { title_input: "Search latency above 2s" },
          severity: { severity_select: { type: "static_select", selected_option: { value: "sev2" } } },
          security: { security_check: { type: "checkboxes", selected_options: [] } },
          description: { description_input: "p99 doubled after deploy" },
        },
      }),
    );
    expect(res.status).toBe(200);
    const dm = await waitFor(() => h.slack.dms("U_DECLARER").find((m) => m.text?.includes("declared")));
    expect(dm.text).toContain("SEV-2");
    expect(
      rows(
        "select * from incidents where title = 'Search latency above 2s' and description = 'p99 doubled after deploy'",
      ),
    ).toHaveLength(1);
  });

  it("rejects a modal without a title inside the modal", async () => {
    const res = await sendInteraction(
      h.bot.url,
      SIGNING_SECRET,
      viewSubmission({
        callbackId: "declare_incident",
        values: {
          title: { title_input: "  " },
          severity: { severity_select: { type: "static_select", selected_option: { value: "sev2" } } },
        },
      }),
    );
    expect(res.json).toMatchObject({
      response_action: "errors",
      errors: { title: expect.stringContaining("title") },
    });
  });
});

describe("running an incident", () => {
  it("records note, ack, sev, mitigate and resolve as timeline events and keeps the topic current", async () => {
    const { id, channel_id } = await declare("Login page blank");
    const inChannel = (text: string) => slash(text, { channelId: channel_id, key: `${id}-${text}` });

    await inChannel("note Rolled back web 1.4.2");
    expect(await replyTo(`${id}-note Rolled back web 1.4.2`)).toMatch(
      /Note recorded in the IMOC log as #\d+/,
    );
    await inChannel("ack");
    expect(await replyTo(`${id}-ack`)).toContain("acknowledged");
    await waitFor(() => h.slack.channel(channel_id)?.topic.includes("Acknowledged"));
    await inChannel("sev 2");
    expect(await replyTo(`${id}-sev 2`)).toContain("now SEV-2");
    await inChannel("mitigate");
    await replyTo(`${id}-mitigate`);
    await inChannel("status");
    expect(await replyTo(`${id}-status`)).toContain("Mitigated");
    await inChannel("resolve Rolled back and verified");
    await replyTo(`${id}-resolve Rolled back and verified`);
    await waitFor(() => h.slack.channel(channel_id)?.topic.startsWith("SEV-2 | Resolved"));

    const events = rows<{ kind: string; actor: string; text: string }>(
      "select kind, actor, text from timeline_events where incident_id = ? order by seq",
      id,
    );
    expect(events.map((e) => e.kind)).toEqual([
      "declared",
      "channel_created",
      "note",
      "acknowledged",
      "severity_changed",
      "mitigated",
      "resolved",
      // A resolved SEV-2: the commander is reminded to hold the review (issue 11).
      "review_requested",
    ]);
    expect(events.find((e) => e.kind === "note")).toMatchObject({
      actor: "slack:U_DECLARER",
      text: "Rolled back web 1.4.2",
    });
    expect(events.find((e) => e.kind === "resolved")?.text).toContain("Rolled back and verified");
    const messages = h.slack.messagesIn(channel_id).map((m) => m.text ?? "");
    expect(messages.some((t) => t.includes("Rolled back web 1.4.2"))).toBe(true);
    expect(messages.some((t) => t.includes("resolved by <@U_DECLARER>"))).toBe(true);
  });

  it("resolving twice records one resolution and says it was already resolved", async () => {
    const { id, channel_id } = await declare("Double resolve");
    await slash("resolve", { channelId: channel_id, key: "r1" });
    expect(await replyTo("r1")).toContain("resolved");
    await slash("resolve", { channelId: channel_id, key: "r2" });
    expect(await replyTo("r2")).toContain("already resolved");
    expect(
      rows("select * from timeline_events where incident_id = ? and kind = 'resolved'", id),
    ).toHaveLength(1);
  });

  it("the Acknowledge and Resolve buttons act for the person who clicked", async () => {
    const { id, channel_id } = await declare("Buttons work");
    const click = (actionId: string, key: string) =>
      sendInteraction(
        h.bot.url,
        SIGNING_SECRET,
        blockAction({
          actionId,
          value: String(id),
          userId: "U_IC",
          channelId: channel_id,
          responseUrl: h.slack.responseUrl(key),
        }),
      );
    expect((await click("incident_acknowledge", "b-ack")).status).toBe(200);
    expect(await replyTo("b-ack")).toContain("acknowledged");
    await click("incident_resolve", "b-res");
    await replyTo("b-res");
    await click("incident_resolve", "b-res2");
    expect(await replyTo("b-res2")).toContain("already resolved");
    const events = rows<{ kind: string; actor: string }>(
      "select kind, actor from timeline_events where incident_id = ? and kind in ('acknowledged','resolved')",
      id,
    );
    expect(events).toEqual([
      { kind: "acknowledged", actor: "slack:U_IC" },
      { kind: "resolved", actor: "slack:U_IC" },
    ]);
  });

  it("posts an update from the Post update modal into the channel and the log", async () => {
    const { id, channel_id } = await declare("Update modal");
    await sendInteraction(
      h.bot.url,
      SIGNING_SECRET,
      blockAction({
        actionId: "incident_post_update",
        value: String(id),
        channelId: channel_id,
        responseUrl: h.slack.responseUrl("pu"),
      }),
    );
    const view = await waitFor(() =>
      h.slack.views.find((v) => v.callbackId === "post_update" && v.privateMetadata === String(id)),
    );
    expect(view).toBeDefined();
    await sendInteraction(
      h.bot.url,
      SIGNING_SECRET,
      viewSubmission({
        callbackId: "post_update",
        privateMetadata: String(id),
        values: { update: { update_input: "Failover done, error rate falling" } },
      }),
    );
    await waitFor(() =>
      h.slack.messagesIn(channel_id).some((m) => m.text?.includes("Failover done, error rate falling")),
    );
    expect(
      rows("select * from timeline_events where incident_id = ? and kind = 'status_update'", id),
    ).toHaveLength(1);
  });
});

describe("request authenticity", () => {
  it("rejects a forged signature with 401 and records nothing", async () => {
    const before = rows<{ n: number }>("select count(*) n from incidents")[0]!.n;
    const calls = h.slack.calls.length;
    const res = await sendSlashCommand(
      h.bot.url,
      SIGNING_SECRET,
      { text: "declare sev1 Forged", responseUrl: h.slack.responseUrl("forged") },
      { forgeSignature: true },
    );
    expect(res.status).toBe(401);
    const stale = await sendSlashCommand(
      h.bot.url,
      SIGNING_SECRET,
      { text: "declare sev1 Stale", responseUrl: h.slack.responseUrl("stale") },
      { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 },
    );
    expect(stale.status).toBe(401);
    // A signed command answered after them: had the refused ones started anything, it would show.
    await slash("explode", { key: "after-forged" });
    await replyTo("after-forged");
    expect(h.slack.responses.filter((r) => r.key === "forged" || r.key === "stale")).toEqual([]);
    expect(rows<{ n: number }>("select count(*) n from incidents")[0]!.n).toBe(before);
    expect(h.slack.calls.length).toBe(calls);
  });
});

describe("health", () => {
  it("answers /healthz and /readyz", async () => {
    expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: "ok", redis: "ok" } });
  });

  it("exposes incident counts as Prometheus metrics", async () => {
    const res = await fetch(`${h.bot.url}/metrics`);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    const resolvedSev1 = rows<{ n: number }>(
      "select count(*) n from incidents where severity = 'sev1' and status = 'resolved'",
    )[0]!.n;
    expect(resolvedSev1).toBeGreaterThan(0);
    expect(text).toContain(`imoc_incidents{severity="sev1",status="resolved"} ${resolvedSev1}`);
    expect(text).toMatch(/imoc_uptime_seconds \d+/);
  });
});
