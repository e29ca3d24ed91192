import { resolve } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { expect, it } from "vitest";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import { alertmanagerPayload, sendAlertmanager } from "../support/alertmanager.js";
import { click as clickButton } from "../support/click.js";
import { slackSettled } from "../support/outbox.js";
import { pagerDutyWebhookEvent, sendPagerDutyWebhook } from "../support/pagerduty-webhook.js";
import { waitFor } from "../support/wait-for.js";

const TOKEN = "alerts-token-0123456789abcdef";
const PD_SECRET = "pd-webhook-secret";
const MATRIX = resolve(import.meta.dirname, "../fixtures/matrix/alerts-paging.yaml");

const h = useHarness({
  ESCALATION_MATRIX: MATRIX,
  ALERTS_TOKEN: TOKEN,
  PAGERDUTY_WEBHOOK_SECRET: PD_SECRET,
});
const { rows } = incidentDriver(h);

async function declareByAlert(key: string): Promise<{ id: number; channel: string }> {
  const res = await sendAlertmanager(
    h().bot.url,
    TOKEN,
    alertmanagerPayload({ alertname: "CheckoutDown", groupKey: key, summary: `Checkout down (${key})` }),
  );
  expect(res.body.kind).toBe("declared");
  await slackSettled(h().db.path);
  const id = res.body.incidentId as number;
  const [row] = rows<{ channel_id: string }>("select channel_id from incidents where id = ?", id);
  return { id, channel: row!.channel_id };
}

const click = (actionId: string, value: string, userId: string) =>
  clickButton(h(), {
    actionId,
    value,
    userId,
    channelId: "D_PRIMARY",
    messageTs: "1.000001",
    key: `${actionId}-${value}-${userId}`,
  });

/** Waits until no "not acknowledged" check of the incident is left in the timers queue: it has run. */
async function ackChecksDone(incidentId: number): Promise<void> {
  const connection = new Redis(h().redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue("imoc-timers", { connection, prefix: h().vars.QUEUE_PREFIX });
  try {
    const pending = async () =>
      (await queue.getJobs(["delayed", "waiting", "active", "prioritized"])).filter(
        (j) => j?.name === "ack-check" && j.data.incidentId === incidentId,
      );
    await waitFor(async () => ((await pending()).length === 0 ? true : null), { timeoutMs: 15_000 });
  } finally {
    await queue.close();
    await connection.quit();
  }
}

const unackLines = (channel: string) =>
  h()
    .slack.messagesIn(channel)
    .filter((m) => m.text?.includes("is not acknowledged"));

it("the page DM carries Actionable / Noise; the answer counts for the alert and its playbook", async () => {
  const incident = await declareByAlert("page-dm");
  const dm = await waitFor(() =>
    h()
      .slack.dms("U_PRIMARY")
      .find((m) => m.text?.includes(`INC-${incident.id}`)),
  );
  const ids = JSON.stringify(dm.blocks);
  for (const id of ["incident_acknowledge", "alert_actionable", "alert_noise"]) expect(ids).toContain(id);
  // Acknowledged in time: no "not acknowledged" line.
  await click("incident_acknowledge", String(incident.id), "U_PRIMARY");
  await click("alert_noise", `incident-${incident.id}`, "U_PRIMARY");
  expect(
    rows("select verdict, alertname, playbook_id from alert_feedback where incident_id = ?", incident.id),
  ).toEqual([{ verdict: "noise", alertname: "CheckoutDown", playbook_id: "api-outage" }]);
  await ackChecksDone(incident.id);
  await slackSettled(h().db.path);
  expect(unackLines(incident.channel)).toEqual([]);
});

it("a SEV-1 not acknowledged after its first page gets one line naming who was paged, across a restart that lost Redis's timers", async () => {
  const incident = await declareByAlert("unacked");
  expect(unackLines(incident.channel)).toEqual([]);
  // The bot stops and Redis loses the timers: the reconcile puts the check back from SQLite.
  await h().restart(async () => {
    const connection = new Redis(h().redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue("imoc-timers", { connection, prefix: h().vars.QUEUE_PREFIX });
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
  });
  const [line] = await waitFor(
    () => (unackLines(incident.channel).length ? unackLines(incident.channel) : null),
    {
      timeoutMs: 15_000,
    },
  );
  expect(line?.text).toMatch(
    /INC-\d+ \(SEV-1\) is not acknowledged 4s after its first page\. Paged: Primary on-call\./,
  );
  await ackChecksDone(incident.id);
  await slackSettled(h().db.path);
  expect(unackLines(incident.channel)).toHaveLength(1);
  expect(
    rows(
      "select count(*) n from timeline_events where incident_id = ? and kind = 'unacknowledged'",
      incident.id,
    ),
  ).toEqual([{ n: 1 }]);
});

it("PagerDuty's incident.triggered for one of imoc's own pages is not an alert", async () => {
  const [page] = rows<{ dedup_key: string }>("select dedup_key from pages order by id limit 1");
  expect(page).toBeDefined();
  const groups = rows("select id from alert_groups");
  const res = await sendPagerDutyWebhook(
    h().bot.url,
    PD_SECRET,
    pagerDutyWebhookEvent({ type: "incident.triggered", dedupKey: page!.dedup_key, incidentId: "Q1OURS" }),
  );
  expect(res.status).toBe(200);
  expect(JSON.parse(res.body)).toMatchObject({ kind: "ignored" });
  expect(rows("select id from alert_groups")).toEqual(groups);
  // The same event for an incident imoc did not page is an alert (no route: triage).
  const theirs = await sendPagerDutyWebhook(
    h().bot.url,
    PD_SECRET,
    pagerDutyWebhookEvent({ type: "incident.triggered", dedupKey: "their-own-key", incidentId: "Q1THEIRS" }),
  );
  expect(JSON.parse(theirs.body)).toMatchObject({ kind: "triage" });
  await slackSettled(h().db.path);
});
