import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, SIGNING_SECRET, startHarness } from "../support/bot-harness.js";
import { secondsMatrixVars, targetOfKey } from "../support/escalation-env.js";
import { incidentDriver } from "../support/incident-driver.js";
import { slackSettled } from "../support/outbox.js";
import { sendSlashCommand } from "../support/slack-signer.js";
import { waitFor } from "../support/wait-for.js";

/**
 * Slack failing (429 with Retry-After 3 s, or 500) for 10 s while a SEV-1 is declared: the pages
 * go out on time from the record and the queue; the channel appears once Slack is back, once,
 * with its messages in the order they were queued, and the declarer is answered once.
 * The matrix is the handbook's five times faster than seconds (fast.yaml: 0, 1, 2, 3, 6 s).
 */
const FAST_MATRIX = resolve(import.meta.dirname, "../fixtures/matrix/fast.yaml");
const OUTAGE_MS = 10_000;
let h: Harness;

beforeAll(async () => {
  h = await startHarness(
    { STATUS_UPDATE_EVERY: "1h" },
    {
      pagerDuty: true,
      vars: ({ slack }) => ({ ...secondsMatrixVars(slack), ESCALATION_MATRIX: FAST_MATRIX }),
    },
  );
});
afterAll(async () => {
  await h?.stop();
});

const { rows } = incidentDriver(() => h);

async function declareDuringOutage(
  answer: { status: 429; retryAfterS: number } | { status: 500 },
  title: string,
) {
  h.slack.failFor(OUTAGE_MS, answer);
  const outageEnds = Date.now() + OUTAGE_MS;
  const key = `declare-${answer.status}`;
  const res = await sendSlashCommand(h.bot.url, SIGNING_SECRET, {
    text: `declare sev1 ${title}`,
    responseUrl: h.slack.responseUrl(key),
  });
  const ackedAt = Date.now();
  expect(res.status).toBe(200);
  const incident = await waitFor(
    () =>
      rows<{ id: number; declared_at: number }>(
        "select id, declared_at from incidents where title = ?",
        title,
      )[0],
  );
  return { ...incident, key, ackedAt, outageEnds };
}

async function expectPagedOnTimeThenChannelOnce(
  inc: Awaited<ReturnType<typeof declareDuringOutage>>,
  title: string,
) {
  const triggers = () =>
    h.pd!.events.filter((e) => e.action === "trigger" && e.dedupKey.startsWith(`imoc-inc-${inc.id}-`));
  // The primary within a second of the acknowledgement, while Slack is still failing.
  const first = await waitFor(() => triggers()[0], { timeoutMs: 3000, describe: () => h.pd!.describe() });
  expect(targetOfKey(first.routingKey)).toBe("primary");
  expect(first.at - inc.ackedAt).toBeLessThan(1000);
  // Every later step too, all before Slack is back: none waits for the channel.
  await waitFor(() => triggers().length >= 5, { timeoutMs: 9000, describe: () => h.pd!.describe() });
  expect(triggers().every((e) => e.at < inc.outageEnds)).toBe(true);
  expect(new Set(triggers().map((e) => e.dedupKey)).size).toBe(5);
  expect(h.slack.channelByName(`inc-${inc.id}-${title.toLowerCase().replace(/\s+/g, "-")}`)).toBeUndefined();

  // Slack is back: the channel appears, once, and everything queued goes out in order.
  await slackSettled(h.db.path, 30_000);
  const created = h.slack
    .callsTo("conversations.create")
    .filter((c) => c.ok && String(c.args.name).startsWith(`inc-${inc.id}-`));
  expect(created).toHaveLength(1);
  const channelId = rows<{ channel_id: string }>("select channel_id from incidents where id = ?", inc.id)[0]!
    .channel_id;
  expect(channelId).toBeTruthy();
  const messages = h.slack.messagesIn(channelId).map((m) => m.text ?? "");
  expect(messages[0]).toContain(`INC-${inc.id} · SEV-1 · ${title} declared by <@U_DECLARER>`);
  const queued = rows<{ payload: string }>(
    "select payload from slack_jobs where lane = ? and kind = 'post' and json_extract(payload, '$.channel') is null order by id",
    `inc-${inc.id}`,
  ).map((r) => (JSON.parse(r.payload) as { message: { text: string } }).message.text);
  expect(messages.slice(1)).toEqual(queued);
  expect(messages.filter((m) => m.startsWith("⏫"))).toHaveLength(5);
  expect(h.slack.membersOf(channelId)).toContain("U_DECLARER");
  // The declarer is answered once, through the slash command's response_url.
  const answers = h.slack.responses.filter((r) => r.key === inc.key);
  expect(answers).toHaveLength(1);
  expect(answers[0]?.body.text).toContain(`<#${channelId}>`);
  // The paged people were DMed once Slack was back, once each.
  expect(h.slack.dms("U_CTO").filter((m) => m.text?.includes(`INC-${inc.id} `))).toHaveLength(1);
}

describe("Slack failing during a declaration", () => {
  it("answering 429 (Retry-After 3 s) for 10 s: pages on time, channel once afterwards, in order", async () => {
    const inc = await declareDuringOutage({ status: 429, retryAfterS: 3 }, "Checkout down");
    await expectPagedOnTimeThenChannelOnce(inc, "Checkout down");
    // Slack's Retry-After was waited out, not hammered: at most a few calls per 3 s window.
    const during = h.slack.calls.filter((c) => c.error === "http_429");
    expect(during.length).toBeLessThan(40);
  }, 60_000);

  it("answering 500 for 10 s: pages on time, channel once afterwards, in order", async () => {
    const inc = await declareDuringOutage({ status: 500 }, "Search down");
    await expectPagedOnTimeThenChannelOnce(inc, "Search down");
  }, 60_000);

  it("ends with no call the fakes did not expect", () => {
    expect(h.slack.unexpected).toEqual([]);
    expect(h.pd!.unexpected).toEqual([]);
  });
});
