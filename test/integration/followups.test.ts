import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FOLLOWUP_JOBS, FOLLOWUPS_QUEUE } from "../../src/adapters/queue/followups-queue.js";
import { SIGNING_SECRET } from "../support/bot-harness.js";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import { slackSettled } from "../support/outbox.js";
import { blockAction, messageShortcut, sendInteraction, viewSubmission } from "../support/slack-signer.js";
import { waitFor } from "../support/wait-for.js";

const TOKEN = "followups-test-token-0123456789";
const RESTRICTED = "followups-restricted-token-0123";
const h = useHarness({ API_TOKEN: TOKEN, API_TOKEN_RESTRICTED: RESTRICTED, WEEKLY_REVIEW_TZ: "UTC" });
const { slash, declare, events, rows } = incidentDriver(h);

let queue: Queue;
let connection: Redis;
beforeAll(() => {
  connection = new Redis(h().redis.url, { maxRetriesPerRequest: null });
  queue = new Queue(FOLLOWUPS_QUEUE, { connection, prefix: h().vars.QUEUE_PREFIX });
});
afterAll(async () => {
  await queue?.close();
  await connection?.quit();
});

const api = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${h().bot.url}/api${path}`, { headers: { authorization: `Bearer ${TOKEN}`, ...headers } });

type Row = { id: number; status: string; owner: string; due_on: string | null; text: string };
const followupRow = (text: string) => rows<Row>("select * from followups where text = ?", text)[0];

/** Clicks a button of a DM the bot sent to `userId`; returns what the bot answered in its place. */
async function click(userId: string, dm: { channel: string; ts: string }, actionId: string, value: string) {
  const key = `${actionId}-${value}-${Math.random().toString(36).slice(2, 8)}`;
  const res = await sendInteraction(
    h().bot.url,
    SIGNING_SECRET,
    blockAction({
      actionId,
      value,
      userId,
      channelId: dm.channel,
      messageTs: dm.ts,
      responseUrl: h().slack.responseUrl(key),
    }),
  );
  expect(res.status).toBe(200);
  const answer = await waitFor(() => h().slack.responses.find((r) => r.key === key)?.body);
  await slackSettled(h().db.path);
  return answer as { text: string; replace_original?: boolean };
}

const buttonsOf = (blocks: unknown[] | undefined) =>
  JSON.stringify(blocks ?? []).match(/"action_id":"[a-z_]+","value":"\d+"/g) ?? [];

describe("follow-ups", () => {
  it("a follow-up with owner and due date: the owner's DM, the channel, the timeline, the lists and the API", async () => {
    const { id, channelId } = await declare("sev2", "Checkout retries storm");
    const reply = await slash("followup Add a retry budget to checkout <@U_PRIMARY|pat> due 2026-12-04", {
      channelId,
    });
    const f = followupRow("Add a retry budget to checkout")!;
    expect(reply).toBe(
      `Follow-up #${f.id} recorded for <@U_PRIMARY>, due 2026-12-04. They get a DM with a *Mark done* button.`,
    );
    expect(f).toMatchObject({ owner: "U_PRIMARY", due_on: "2026-12-04", status: "open" });

    const dm = h()
      .slack.dms("U_PRIMARY")
      .find((m) => m.text?.includes("Add a retry budget"))!;
    expect(dm.text).toContain(`You own a follow-up of INC-${id}`);
    expect(dm.text).toContain("due 2026-12-04");
    expect(buttonsOf(dm.blocks)).toEqual([`"action_id":"followup_done","value":"${f.id}"`]);
    expect(
      h()
        .slack.messagesIn(channelId)
        .map((m) => m.text),
    ).toContain(`:memo: Follow-up #${f.id} for <@U_PRIMARY>, due 2026-12-04: Add a retry budget to checkout`);
    expect(events(id).filter((e) => e.kind === "followup_added")).toEqual([
      expect.objectContaining({
        actor: "slack:U_DECLARER",
        text: `Follow-up #${f.id} for <@U_PRIMARY>, due 2026-12-04: Add a retry budget to checkout`,
      }),
    ]);

    // Listed in the channel, and to the owner anywhere else.
    const inChannel = await slash("followups", { channelId });
    expect(inChannel).toContain(`*Follow-ups of INC-${id} still open* (1)`);
    expect(inChannel).toContain(
      `#${f.id} · open · <@U_PRIMARY> · due 2026-12-04 · Add a retry budget to checkout`,
    );
    const mine = await slash("followups", { channelId: "CGENERAL", userId: "U_PRIMARY" });
    expect(mine).toContain(`#${f.id} · INC-${id} · open · <@U_PRIMARY> · due 2026-12-04`);
    expect(await slash("followups", { channelId: "CGENERAL", userId: "U_CTO" })).toContain(
      "No follow-ups you own",
    );

    // The API: JSON with the state, filtered by owner.
    const json = (await (await api("/followups?owner=U_PRIMARY")).json()) as {
      items: Array<{ id: number; state: string; dueOn: string; incidentId: number }>;
    };
    expect(json.items).toEqual([
      expect.objectContaining({ id: f.id, state: "open", dueOn: "2026-12-04", incidentId: id }),
    ]);
    expect(((await (await api("/followups?owner=U_CTO")).json()) as { items: unknown[] }).items).toEqual([]);

    // CSV, by query or by Accept header.
    for (const res of [
      await api("/followups?owner=U_PRIMARY&format=csv"),
      await api("/followups?owner=U_PRIMARY", { accept: "text/csv" }),
    ]) {
      expect(res.headers.get("content-type")).toContain("text/csv");
      const lines = (await res.text()).trim().split("\r\n");
      expect(lines[0]).toBe("id,incident,text,owner,due,status,created_at,done_at");
      expect(lines[1]).toMatch(
        new RegExp(`^${f.id},INC-${id},Add a retry budget to checkout,U_PRIMARY,2026-12-04,open,`),
      );
      expect(lines).toHaveLength(2);
    }

    // A bad filter names the field.
    const bad = await api("/followups?status=closed&overdue=yes");
    expect(bad.status).toBe(400);
    const error = ((await bad.json()) as { error: { issues: string[] } }).error;
    expect(error.issues).toEqual([expect.stringMatching(/^status: /), "overdue: must be true or false"]);
  });

  it("Mark done in the DM closes it: the DM says so, the channel hears, the review lists it done", async () => {
    const { id, channelId } = await declare("sev2", "Search index stale");
    await slash("followup Reindex nightly <@U_SECONDARY> due in 3 days", { channelId });
    const f = followupRow("Reindex nightly")!;
    const dm = h()
      .slack.dms("U_SECONDARY")
      .find((m) => m.text?.includes("Reindex nightly"))!;

    const answer = await click("U_SECONDARY", dm, "followup_done", String(f.id));
    expect(answer).toMatchObject({
      replace_original: true,
      text: expect.stringContaining(`Follow-up #${f.id} is done`),
    });
    expect(followupRow("Reindex nightly")!.status).toBe("done");
    expect(h().slack.messagesIn(channelId).at(-1)?.text).toBe(
      `:white_check_mark: Follow-up #${f.id} done by <@U_SECONDARY>: Reindex nightly`,
    );
    expect(events(id).filter((e) => e.kind === "followup_done")).toHaveLength(1);
    // A second click changes nothing.
    expect((await click("U_SECONDARY", dm, "followup_done", String(f.id))).text).toBe(
      `Follow-up #${f.id} was done already.`,
    );
    expect(events(id).filter((e) => e.kind === "followup_done")).toHaveLength(1);

    const md = await (await api(`/incidents/${id}/timeline?format=md`)).text();
    const section = md.slice(md.indexOf("## Follow-ups with owners"), md.indexOf("## Chain of custody"));
    expect(section).toContain("| # | follow-up | owner | due | status |");
    expect(section).toMatch(
      new RegExp(`\\| ${f.id} \\| Reindex nightly \\| @Sam Secondary \\| \\d{4}-\\d{2}-\\d{2} \\| done `),
    );
    const review = (await (await api(`/incidents/${id}/timeline?format=json`)).json()) as {
      actionItems: Array<{ id: number; owner: string; status: string; state: string }>;
    };
    expect(review.actionItems).toEqual([
      expect.objectContaining({ id: f.id, owner: "U_SECONDARY", state: "done" }),
    ]);
    expect(await (await api("/followups?status=done")).json()).toMatchObject({
      items: [expect.objectContaining({ id: f.id })],
    });
  });

  it('the "Make a follow-up" shortcut opens a form with the message and records what it submits', async () => {
    const { id, channelId } = await declare("sev2", "Queue lag on orders");
    const posted = h().slack.userPosts(channelId, "U_PRODUCT", "We should alert on queue age, not depth");
    const res = await sendInteraction(
      h().bot.url,
      SIGNING_SECRET,
      messageShortcut({
        callbackId: "make_followup",
        channelId,
        messageTs: posted.ts,
        userId: "U_DECLARER",
        message: { text: posted.text, user: "U_PRODUCT" },
      }),
    );
    expect(res.status).toBe(200);
    const view = await waitFor(() => h().slack.views.find((v) => v.callbackId === "make_followup"));
    expect(JSON.stringify(view.view)).toContain("We should alert on queue age, not depth");
    expect(JSON.stringify(view.view)).toContain('"initial_user":"U_PRODUCT"');
    expect(view.privateMetadata).toBe(String(id));

    const submitted = await sendInteraction(
      h().bot.url,
      SIGNING_SECRET,
      viewSubmission({
        callbackId: "make_followup",
        privateMetadata: String(id),
        values: {
          followup_text: { followup_text_input: "Alert on queue age" },
          followup_owner: { followup_owner_select: { type: "users_select", selected_user: "U_PRODUCT" } },
          followup_due: { followup_due_picker: { type: "datepicker", selected_date: "2026-12-10" } },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    await waitFor(() => followupRow("Alert on queue age"));
    await slackSettled(h().db.path);
    expect(followupRow("Alert on queue age")).toMatchObject({ owner: "U_PRODUCT", due_on: "2026-12-10" });
    expect(
      h()
        .slack.dms("U_PRODUCT")
        .some((m) => m.text?.includes("Alert on queue age")),
    ).toBe(true);
    expect(JSON.parse(events(id).find((e) => e.kind === "followup_added")!.data)).toMatchObject({
      via: "shortcut",
    });
  });

  it("says what to fix when the command cannot be read, and records nothing", async () => {
    const { id, channelId } = await declare("sev3", "Flaky login test");
    expect(await slash("followup Fix the test due someday", { channelId })).toContain(
      'I cannot read "due someday" as a date',
    );
    expect(await slash("followup Fix the test @nobody", { channelId })).toContain(
      "I do not know who @nobody is",
    );
    expect(events(id).filter((e) => e.kind === "followup_added")).toEqual([]);
  });

  it("the restricted API token does not see a security incident's follow-ups", async () => {
    const { id, channelId } = await declare("security", "Leaked deploy key");
    await slash("followup Rotate the deploy key <@U_SECURITY>", { channelId });
    const q = `/followups?incident=${id}`;
    const full = (await (await api(q)).json()) as { items: unknown[] };
    expect(full.items).toHaveLength(1);
    const restricted = await api(q, { authorization: `Bearer ${RESTRICTED}` });
    expect(((await restricted.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it("the weekly digest DMs each owner their overdue follow-ups, once per week", async () => {
    const { channelId } = await declare("sev2", "Billing export late");
    await slash("followup Backfill the export <@U_LEGAL> due 2026-01-05", { channelId });
    await slash("followup Add export alerting <@U_LEGAL> due 2099-01-01", { channelId });
    await slash("followup Old and done <@U_LEGAL> due 2026-01-02", { channelId });
    await click(
      "U_LEGAL",
      h()
        .slack.dms("U_LEGAL")
        .find((m) => m.text?.includes("Old and done"))!,
      "followup_done",
      String(followupRow("Old and done")!.id),
    );
    const overdue = (await (await api("/followups?overdue=true&owner=U_LEGAL")).json()) as {
      items: Array<{ text: string }>;
    };
    expect(overdue.items.map((i) => i.text)).toEqual(["Backfill the export"]);

    const before = h().slack.dms("U_LEGAL").length;
    // What the job scheduler enqueues on Monday 09:00.
    await queue.add(FOLLOWUP_JOBS.digest, {});
    const digest = await waitFor(() =>
      h()
        .slack.dms("U_LEGAL")
        .slice(before)
        .find((m) => m.text?.includes("overdue follow-ups")),
    );
    expect(digest.text).toContain("Your overdue follow-ups* (1)");
    expect(digest.text).toContain("Backfill the export");
    expect(digest.text).not.toContain("Add export alerting");
    expect(digest.text).not.toContain("Old and done");

    // The job running again in the same week (a retry, a restart) sends nothing more.
    const job = await queue.add(FOLLOWUP_JOBS.digest, {});
    await waitFor(async () => (await job.getState()) === "completed" || !(await queue.getJob(job.id!)));
    await slackSettled(h().db.path);
    expect(
      h()
        .slack.dms("U_LEGAL")
        .filter((m) => m.text?.includes("overdue follow-ups")),
    ).toHaveLength(1);

    // One scheduler, Monday 09:00 in the review's zone, kept (not doubled) across a restart.
    await h().restart();
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual([
      expect.objectContaining({ key: FOLLOWUP_JOBS.digest, pattern: "0 9 * * 1", tz: "UTC" }),
    ]);
  });
});
