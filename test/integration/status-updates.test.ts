import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, SIGNING_SECRET, startHarness } from "../support/bot-harness.js";
import { secondsMatrixVars } from "../support/escalation-env.js";
import { blockAction, sendInteraction, viewSubmission } from "../support/slack-signer.js";
import { incidentDriver } from "../support/incident-driver.js";
import { timersQueue } from "../support/timers-queue.js";
import { waitFor } from "../support/wait-for.js";

/** SEV-1 status updates with the cadence scaled to 2 s. */
const EVERY_MS = 2000;
let h: Harness;
let comms: string[];
let timers: ReturnType<typeof timersQueue>;

beforeAll(async () => {
  h = await startHarness({}, { pagerDuty: true, vars: ({ slack }) => secondsMatrixVars(slack, "2s") });
  comms = ["product", "support", "customer-success"].map((n) => h.slack.channelByName(n)!.id);
  timers = timersQueue(h.redis.url, h.vars.QUEUE_PREFIX!);
});
afterAll(async () => {
  await timers?.close();
  await h?.stop();
});

const driver = incidentDriver(() => h);
const slash = (text: string, channelId?: string, userId = "U_DECLARER") =>
  driver.slash(text, { channelId, userId });

async function declare(severity: string, title: string) {
  await slash(`declare ${severity} ${title}`);
  const db = new Database(h.db.path, { readonly: true });
  try {
    return db.prepare("select id, channel_id as channelId from incidents where title = ?").get(title) as {
      id: number;
      channelId: string;
    };
  } finally {
    db.close();
  }
}

/** Scheduled (templated) updates of one incident in one channel, with when Slack got them. */
const scheduled = (channelId: string, id: number) =>
  h.slack
    .messagesIn(channelId)
    .filter((m) => m.text?.includes(`*INC-${id} status update*`))
    .map((m) => ({ at: Number(m.ts) * 1000, text: m.text ?? "" }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("SEV-1 status updates", () => {
  it("posts a templated update every interval in the incident channel and the three comms channels; /incident update restarts the interval", async () => {
    const inc = await declare("sev1", "Checkout API returns 500s");
    await waitFor(() => scheduled(inc.channelId, inc.id).length >= 2, { timeoutMs: 12_000 });
    const [first, second] = scheduled(inc.channelId, inc.id);
    expect(second!.at - first!.at).toBeGreaterThan(EVERY_MS - 1500);
    expect(second!.at - first!.at).toBeLessThan(EVERY_MS + 1500);
    for (const channel of comms)
      await waitFor(() => scheduled(channel, inc.id).length >= 2, { timeoutMs: 3000 });
    expect(first!.text).toContain("SEV-1");
    expect(first!.text).toContain("Checkout API returns 500s");
    // Nobody wrote one: the update says so and mentions the commander (the declarer until one is set).
    expect(first!.text).toMatch(/No one posted an update in the last 2s\. <@U_DECLARER>/);

    // Halfway through an interval: without a restart the next one would come ~1 s after it.
    await sleep(Math.max(0, second!.at + EVERY_MS / 2 - Date.now()));
    const before = scheduled(inc.channelId, inc.id).length;
    const updateAt = Date.now();
    expect(await slash("update Rolled back 1.4.2; error rate falling", inc.channelId, "U_IC")).toMatch(
      /posted/,
    );
    for (const channel of comms) {
      await waitFor(() => h.slack.messagesIn(channel).some((m) => m.text?.includes("Rolled back 1.4.2")), {
        timeoutMs: 5000,
      });
    }
    const next = await waitFor(
      () => scheduled(inc.channelId, inc.id).find((u, i) => i >= before && u.at > updateAt),
      { timeoutMs: 10_000 },
    );
    // The clock restarted at the manual update: the next one is a full interval after it.
    expect(next.at - updateAt).toBeGreaterThan(EVERY_MS - 600);
    expect(next.text).toContain("Rolled back 1.4.2; error rate falling");
    expect(next.text).not.toContain("No one posted an update");

    // Resolved: the clock is gone from Redis, so no update can come (no need to wait for one).
    expect(await timers.statusUpdatesRunning(inc.id)).toBe(true);
    await slash("resolve", inc.channelId, "U_IC");
    expect(await timers.statusUpdatesRunning(inc.id)).toBe(false);
  }, 30_000);

  it("starts when an incident is raised to SEV-1 and stops when it drops below", async () => {
    const inc = await declare("sev2", "Search latency above 2s");
    expect(await timers.statusUpdatesRunning(inc.id)).toBe(false);
    await slash("sev 1", inc.channelId);
    expect(await timers.statusUpdatesRunning(inc.id)).toBe(true);
    await waitFor(() => scheduled(inc.channelId, inc.id).length >= 1, { timeoutMs: EVERY_MS + 3000 });
    await slash("sev 2", inc.channelId);
    expect(await timers.statusUpdatesRunning(inc.id)).toBe(false);
    expect(h.slack.unexpected).toEqual([]);
    expect(h.pd!.unexpected).toEqual([]);
  }, 30_000);
});

describe("SEV-2 / SEV-3 comms rules", () => {
  const commsMessages = (name: string, id: number) =>
    h.slack.messagesIn(h.slack.channelByName(name)!.id).filter((m) => m.text?.includes(`INC-${id} `));

  it("/incident sla-breach on a SEV-2 tells support and customer success, not product", async () => {
    const inc = await declare("sev2", "Exports delayed");
    expect(await slash("sla-breach p95 export time will pass 4h at 14:00", inc.channelId)).toBe(
      ":mega: Sent to Support, Customer success.",
    );
    expect(commsMessages("support", inc.id)[0]?.text).toContain("SLA breach projected");
    expect(commsMessages("customer-success", inc.id)).toHaveLength(1);
    expect(commsMessages("product", inc.id)).toHaveLength(0);
  });

  it("SEV-3 customer reports reach product at the second one; compliance at once", async () => {
    const inc = await declare("sev3", "Typo on invoices");
    expect(await slash("customer-report ACME ticket 123", inc.channelId)).toMatch(
      /Customer report 1 recorded/,
    );
    expect(commsMessages("product", inc.id)).toHaveLength(0);
    expect(await slash("customer-report Globex ticket 456", inc.channelId)).toBe(":mega: Sent to Product.");
    expect(commsMessages("product", inc.id)[0]?.text).toContain("2 customer reports");
    const other = await declare("sev3", "Retention job skipped a day");
    expect(await slash("compliance GDPR retention", other.channelId)).toBe(":mega: Sent to Product.");
    expect(await slash("sla-breach", other.channelId)).toMatch(
      /^Nothing sent: the SEV-3 policy has no SLA-breach comms/,
    );
    expect(h.slack.unexpected).toEqual([]);
  });

  it("the Post update button and modal send a SEV-1 update to the comms channels too", async () => {
    const inc = await declare("sev1", "Card payments declined");
    const click = await sendInteraction(
      h.bot.url,
      SIGNING_SECRET,
      blockAction({ actionId: "incident_post_update", value: String(inc.id), channelId: inc.channelId }),
    );
    expect(click.status).toBe(200);
    const view = await waitFor(() => h.slack.views.find((v) => v.callbackId === "post_update"));
    const submit = await sendInteraction(
      h.bot.url,
      SIGNING_SECRET,
      viewSubmission({
        callbackId: "post_update",
        privateMetadata: String(view.view.private_metadata),
        values: { update: { update_input: "Acquirer confirmed the outage on their side" } },
      }),
    );
    expect(submit.status).toBe(200);
    for (const name of ["product", "support", "customer-success"]) {
      await waitFor(() =>
        h.slack
          .messagesIn(h.slack.channelByName(name)!.id)
          .some((m) => m.text?.includes("Acquirer confirmed the outage")),
      );
    }
    await slash("resolve", inc.channelId);
  });

  it("a security incident's comms say there is news, not what it is", async () => {
    const inc = await declare("security", "Leaked signing key for payouts");
    expect(await slash("compliance possible PII exposure", inc.channelId)).toBe(":mega: Sent to Product.");
    const message = commsMessages("product", inc.id).at(-1)?.text ?? "";
    expect(message).toMatch(
      /^:lock: INC-\d+ · SEV-2 security: Compliance-relevant incident\. Details are in a private channel/,
    );
    expect(message).not.toContain("Leaked");
    expect(message).not.toContain("PII");
    expect(message).not.toContain(inc.channelId);
    expect(h.slack.unexpected).toEqual([]);
  });
});
