import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FOLLOWUPS_QUEUE, reminderJobId } from "../../src/adapters/queue/followups-queue.js";
import { postWeeklyReview } from "../../src/app/review/post-weekly-review.js";
import { SIGNING_SECRET } from "../support/bot-harness.js";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import { slackSettled } from "../support/outbox.js";
import { blockAction, sendInteraction } from "../support/slack-signer.js";
import { waitFor } from "../support/wait-for.js";

// The playbooks as shipped, with the API-outage playbook owned by a Slack user who can get a DM.
const OWNER = "U0APIOWNER";
const dir = mkdtempSync(join(tmpdir(), "imoc-playbook-reviews-"));
cpSync("playbooks", dir, { recursive: true });
const apiOutage = join(dir, "api-outage.md");
writeFileSync(
  apiOutage,
  readFileSync(apiOutage, "utf8").replace('owner: "@api-oncall-lead"', `owner: ${OWNER}`),
);

const DELAY_S = 3;
const h = useHarness({ PLAYBOOKS_DIR: dir, PLAYBOOK_REVIEW_REMINDER: `${DELAY_S}s` });
const { slash, declare, events, rows } = incidentDriver(h);

let queue: Queue;
let connection: Redis;
beforeAll(() => {
  h().slack.addUser({ id: OWNER, realName: "Avery Owner", email: "avery@example.com", tz: "Europe/London" });
  connection = new Redis(h().redis.url, { maxRetriesPerRequest: null });
  queue = new Queue(FOLLOWUPS_QUEUE, { connection, prefix: h().vars.QUEUE_PREFIX });
});
afterAll(async () => {
  await queue?.close();
  await connection?.quit();
  rmSync(dir, { recursive: true, force: true });
});

const asks = (incidentId: number) =>
  h()
    .slack.dms(OWNER)
    .filter((m) => m.text?.includes(`INC-${incidentId} `) && m.text.includes("API outage / elevated 5xx"));
const reminders = (incidentId: number) => asks(incidentId).filter((m) => m.text?.includes("Reminder:"));
const reviewOf = (incidentId: number) =>
  rows<{ id: number; reminded_at: number | null; confirmed_at: number | null; confirmed_by: string | null }>(
    "select * from playbook_reviews where incident_id = ?",
    incidentId,
  )[0]!;

/** A resolved SEV-1 that linked the API-outage playbook. */
async function resolvedSev1(title: string) {
  const incident = await declare("sev1", title);
  expect(events(incident.id).some((e) => e.kind === "playbook_linked" && e.data.includes("api-outage"))).toBe(
    true,
  );
  await slash("resolve Rolled back", { channelId: incident.channelId });
  return incident;
}

describe("reviews feed the playbooks", () => {
  it("resolving a SEV-1 reminds the commander, asks the playbook's owner, and reminds the owner after the delay", async () => {
    const { id, channelId } = await declare("sev1", "Checkout API returns 500s");
    await slash("role commander <@U_IC>", { channelId });
    const resolvedAt = Date.now();
    await slash("resolve Rolled back the deploy", { channelId });

    const hold = h()
      .slack.dms("U_IC")
      .find((m) => m.text?.includes("hold its post-incident review"));
    expect(hold?.text).toContain(`INC-${id} (SEV-1) is resolved`);
    expect(hold?.text).toContain("The owners of *API outage / elevated 5xx* were asked");
    const [ask] = asks(id);
    expect(ask?.text).toContain("`/incident playbook reviewed api-outage`");
    const review = reviewOf(id);
    expect(JSON.stringify(ask?.blocks)).toContain(`"action_id":"playbook_reviewed","value":"${review.id}"`);
    expect(reminders(id)).toEqual([]);

    // The reminder comes once the delay has passed (48 h in production, seconds here).
    const reminder = await waitFor(() => reminders(id)[0], { timeoutMs: 15_000 });
    expect(Date.now() - resolvedAt).toBeGreaterThanOrEqual(DELAY_S * 1000 - 200);
    expect(reminder.text).toContain("Please fold what the review learned into it");
    expect(reviewOf(id).reminded_at).not.toBeNull();
    expect(events(id).map((e) => e.kind)).toEqual(
      expect.arrayContaining(["review_requested", "playbook_review_requested", "playbook_review_reminded"]),
    );

    // The weekly review lists the playbook whose update is overdue.
    await postWeeklyReview(h().bot.deps, new Date(), "UTC");
    await slackSettled(h().db.path);
    const weekly = h().slack.messagesIn("CINCIDENTS").at(-1)?.text ?? "";
    expect(weekly).toContain("*Playbooks awaiting their post-incident update*");
    expect(weekly).toMatch(
      new RegExp(`• API outage / elevated 5xx \\(\`api-outage\`\\), owner <@${OWNER}>: after INC-${id}`),
    );

    // Confirming closes it: it leaves the weekly review.
    expect(await slash("playbook reviewed api-outage", { channelId: "CGENERAL", userId: OWNER })).toContain(
      `the update of \`api-outage\` after INC-${id} is recorded`,
    );
    await postWeeklyReview(h().bot.deps, new Date(), "UTC");
    await slackSettled(h().db.path);
    expect(h().slack.messagesIn("CINCIDENTS").at(-1)?.text).not.toContain("Playbooks awaiting");
  });

  it("is not reminded after confirming, by command or by the DM's button", async () => {
    const byCommand = await resolvedSev1("Public API 503 errors");
    expect(await slash("playbook reviewed api-outage", { channelId: "CGENERAL", userId: OWNER })).toContain(
      "no reminder will follow",
    );
    expect(await queue.getJob(reminderJobId(reviewOf(byCommand.id).id))).toBeUndefined();
    const byButton = await resolvedSev1("API gateway timeouts");
    const review = reviewOf(byButton.id);
    const key = `reviewed-${review.id}`;
    const dm = asks(byButton.id)[0]!;
    await sendInteraction(
      h().bot.url,
      SIGNING_SECRET,
      blockAction({
        actionId: "playbook_reviewed",
        value: String(review.id),
        userId: OWNER,
        channelId: dm.channel,
        messageTs: dm.ts,
        responseUrl: h().slack.responseUrl(key),
      }),
    );
    const answer = await waitFor(() => h().slack.responses.find((r) => r.key === key)?.body);
    expect(answer).toMatchObject({
      replace_original: true,
      text: expect.stringContaining("no reminder will follow"),
    });
    expect(reviewOf(byButton.id)).toMatchObject({ confirmed_by: OWNER });
    expect(await queue.getJob(reminderJobId(review.id))).toBeUndefined();

    // Neither reminder timer is left in Redis (the reconcile restores only unconfirmed ones): none
    // can come. What was sent is settled.
    await slackSettled(h().db.path);
    for (const { id } of [byCommand, byButton]) {
      expect(asks(id)).toHaveLength(1);
      expect(reviewOf(id).reminded_at).toBeNull();
      expect(events(id).filter((e) => e.kind === "playbook_reviewed")).toHaveLength(1);
    }
    // Nothing left to confirm says so.
    expect(await slash("playbook reviewed api-outage", { channelId: "CGENERAL", userId: OWNER })).toContain(
      "No post-incident update of `api-outage` is waiting",
    );
  });

  it("the reminder survives a restart that lost its timer: the record puts it back", async () => {
    const { id } = await resolvedSev1("Payments API down");
    const review = reviewOf(id);
    // Redis lost the timer (flushed, failed over) and the bot restarts: SQLite still has the review.
    await queue.remove(reminderJobId(review.id));
    expect(await queue.getJob(reminderJobId(review.id))).toBeUndefined();
    await h().restart();
    await waitFor(() => reminders(id)[0], { timeoutMs: 15_000 });
    expect(reminders(id)).toHaveLength(1);
  });

  it("a playbook owned by a handle (no Slack id to DM) is asked in the incident channel", async () => {
    const { id, channelId } = await declare("sev2", "Postgres replication lag");
    await slash("resolve", { channelId });
    const ask = h()
      .slack.messagesIn(channelId)
      .find((m) => m.text?.includes("Please fold what the review learned"));
    expect(ask?.text).toContain(`INC-${id} (SEV-2`);
    expect(ask?.text).toContain("(Owner: @db-oncall-lead)");
    expect(reviewOf(id)).toMatchObject({ confirmed_at: null });
  });

  it("a SEV-3 or an incident without linked playbooks asks no playbook owner", async () => {
    const sev3 = await declare("sev3", "Checkout API returns 500s for one tenant");
    await slash("resolve", { channelId: sev3.channelId });
    const unlinked = await declare("sev2", "Coffee machine on fire");
    await slash("resolve", { channelId: unlinked.channelId });
    expect(asks(sev3.id)).toEqual([]);
    expect(rows("select * from playbook_reviews where incident_id in (?, ?)", sev3.id, unlinked.id)).toEqual(
      [],
    );
    // The SEV-2's commander is still reminded to hold the review.
    expect(
      h()
        .slack.dms("U_DECLARER")
        .some((m) => m.text?.includes(`INC-${unlinked.id} (SEV-2) is resolved`)),
    ).toBe(true);
    expect(
      h()
        .slack.dms("U_DECLARER")
        .some((m) => m.text?.includes(`INC-${sev3.id} `)),
    ).toBe(false);
  });
});
