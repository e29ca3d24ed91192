import { resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { type Harness, SIGNING_SECRET, startHarness } from "../support/bot-harness.js";
import { alertmanagerPayload, sendAlertmanager } from "../support/alertmanager.js";
import { slackSettled } from "../support/outbox.js";
import { blockAction, sendInteraction } from "../support/slack-signer.js";
import { waitFor } from "../support/wait-for.js";

const TOKEN = "alerts-token-0123456789abcdef";
// More than 3 new groups within a minute is a storm (test/fixtures/matrix/alerts-storm.yaml).
const MATRIX = resolve(import.meta.dirname, "../fixtures/matrix/alerts-storm.yaml");

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ ESCALATION_MATRIX: MATRIX, ALERTS_TOKEN: TOKEN });
});
afterAll(async () => {
  await h?.stop();
});
afterEach(() => {
  expect(h.slack.unexpected).toEqual([]);
});

const count = (sql: string) => {
  const db = new Database(h.db.path, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

it("50 new groups in a minute become one storm message listing them, not dozens of incidents", async () => {
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      sendAlertmanager(
        h.bot.url,
        TOKEN,
        alertmanagerPayload({
          alertname: "CheckoutDown",
          groupKey: `{}/{}:{alertname="CheckoutDown", instance="web-${i}"}`,
          labels: { instance: `web-${i}` },
          summary: `web-${i} is down`,
        }),
      ),
    ),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
  await slackSettled(h.db.path);
  // The first three are incidents (the route declares); the other 47 are one storm.
  expect(count("select count(*) n from incidents")).toBe(3);
  expect(answers.filter((a) => a.body.kind === "storm")).toHaveLength(47);
  const storms = h.slack.messagesIn("CGENERAL").filter((m) => m.text?.startsWith("Alert storm"));
  expect(storms).toHaveLength(1);
  expect(storms[0]?.text).toBe("Alert storm: 47 alert groups");
  const listed = JSON.stringify(storms[0]?.blocks);
  expect(listed).toContain("web-3 is down");
  expect(listed).toContain("web-42 is down");
  expect(listed).toContain("and 7 more");
  expect(listed).toContain("alert_declare");

  // A repeat of a stormed group bumps its count, and still one message.
  await sendAlertmanager(
    h.bot.url,
    TOKEN,
    alertmanagerPayload({
      alertname: "CheckoutDown",
      groupKey: `{}/{}:{alertname="CheckoutDown", instance="web-49"}`,
      labels: { instance: "web-49" },
      summary: "web-49 is down",
    }),
  );
  await slackSettled(h.db.path);
  expect(h.slack.messagesIn("CGENERAL").filter((m) => m.text?.startsWith("Alert storm"))).toHaveLength(1);
  expect(count("select count(*) n from incidents")).toBe(3);
});

it("Declare on the storm message opens one incident that takes every group of the storm", async () => {
  const storm = h.slack.messagesIn("CGENERAL").find((m) => m.text?.startsWith("Alert storm"));
  const res = await sendInteraction(
    h.bot.url,
    SIGNING_SECRET,
    blockAction({
      actionId: "alert_declare",
      value: "storm-1",
      userId: "U_IC",
      channelId: "CGENERAL",
      messageTs: storm!.ts,
      responseUrl: h.slack.responseUrl("storm-declare"),
    }),
  );
  expect(res.status).toBe(200);
  const reply = await waitFor(() => h.slack.responses.find((r) => r.key === "storm-declare"));
  expect(reply.body.text).toBe("Declared INC-4 from 47 alert group(s).");
  await slackSettled(h.db.path);
  expect(count("select count(*) n from incidents")).toBe(4);
  expect(count("select count(*) n from alert_groups where incident_id = 4")).toBe(47);
  expect(
    count("select count(*) n from timeline_events where incident_id = 4 and kind = 'alert_received'"),
  ).toBe(47);
  const db = new Database(h.db.path, { readonly: true });
  const { channel_id } = db.prepare("select channel_id from incidents where id = 4").get() as {
    channel_id: string;
  };
  db.close();
  const alertLines = h.slack.messagesIn(channel_id).filter((m) => m.text?.includes("alert groups joined"));
  expect(alertLines.map((m) => m.text)).toEqual([
    ":bell: 47 alert groups joined this incident (CheckoutDown); each is in the IMOC log.",
  ]);
  const after = h.slack.messagesIn("CGENERAL").find((m) => m.text?.startsWith("Alert storm"));
  expect(JSON.stringify(after?.blocks)).toContain("Now INC-4");
  expect(JSON.stringify(after?.blocks)).not.toContain("alert_declare");
});
