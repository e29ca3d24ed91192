import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/adapters/logging.js";
import { BOT_TOKEN, pagerDutyEnv, SIGNING_SECRET } from "../support/bot-harness.js";
import { secondsMatrixVars, TARGET_KEYS } from "../support/escalation-env.js";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import { slackSettled } from "../support/outbox.js";
import { pagerDutyWebhookEvent, sendPagerDutyWebhook } from "../support/pagerduty-fake.js";
import { sendSlashCommand } from "../support/slack-signer.js";
import { waitFor } from "../support/wait-for.js";

/**
 * The bot's log lines as an operator reads them: one correlation id follows a request into the
 * jobs it queued, and no configured secret is ever printed, whatever fails.
 */
const output: string[] = [];
const lines = () =>
  output.flatMap((chunk) => chunk.split("\n").filter(Boolean)).map((l) => JSON.parse(l) as LogLine);
interface LogLine {
  msg?: string;
  correlation_id?: string;
  incident?: string;
  name?: string;
  [key: string]: unknown;
}

const API_TOKEN = "api-token-4f9c2a7d1e8b6035";
const API_TOKEN_RESTRICTED = "restricted-token-9a1b7c3d5e2f";
const WEBHOOK_SECRET = "pd-webhook-secret";
const ALERTS_TOKEN = "alerts-token-7c1e9b3a5d2f4068";
const AUDIT_PEM = generateKeyPairSync("ed25519")
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();
/** The key's body (the secret material itself), and the variable's value: the PEM in base64. */
const AUDIT_KEY_BODY = AUDIT_PEM.split("\n")[1] as string;
const AUDIT_SIGNING_KEY = Buffer.from(AUDIT_PEM).toString("base64");
const h = useHarness(
  { API_TOKEN, API_TOKEN_RESTRICTED, ALERTS_TOKEN, AUDIT_SIGNING_KEY, LOG_LEVEL: "debug" },
  {
    pagerDuty: true,
    vars: ({ slack, pd }) => ({ ...secondsMatrixVars(slack), ...(pd ? pagerDutyEnv(pd) : {}) }),
    logger: createLogger("debug", { write: (chunk: string) => void output.push(chunk) }),
    // Provoked on purpose below (Slack's bad minutes).
    allowSlackErrors: ["ratelimited"],
  },
);
const driver = incidentDriver(h);

async function declareTracked(title: string) {
  const res = await sendSlashCommand(h().bot.url, SIGNING_SECRET, {
    text: `declare sev1 ${title}`,
    responseUrl: h().slack.responseUrl(title.replace(/\W+/g, "-")),
  });
  expect(res.status).toBe(200);
  const id = res.headers.get("x-correlation-id");
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const incident = await waitFor(
    () => driver.rows<{ id: number }>("select id from incidents where title = ?", title)[0]?.id,
    { timeoutMs: 10_000 },
  );
  return { correlationId: id as string, incident: `INC-${incident}` };
}

describe("log lines", () => {
  it("carry the slash command's correlation id into the escalation job it queued, with the incident", async () => {
    const [a, b] = await Promise.all([declareTracked("Login broken"), declareTracked("Search broken")]);
    expect(a.correlationId).not.toBe(b.correlationId);
    // The secondary's step fires 5 s later, from the queue worker: its line has the request's id.
    const stepLine = (t: typeof a) =>
      lines().find((l) => l.msg === "escalation step ran" && l.incident === t.incident);
    await waitFor(() => stepLine(a) && stepLine(b), { timeoutMs: 20_000, intervalMs: 200 });
    expect(stepLine(a)).toMatchObject({ correlation_id: a.correlationId, name: "escalation-step" });
    expect(stepLine(b)).toMatchObject({ correlation_id: b.correlationId, name: "escalation-step" });
    // The request's own lines name its incident from the declaration on (the 0-minute page, its
    // Slack calls), and never another one.
    const ofA = lines().filter((l) => l.correlation_id === a.correlationId);
    for (const line of ofA) expect(line.incident ?? a.incident).toBe(a.incident);
    expect(
      ofA.filter((l) => l.incident === a.incident && l.msg !== "escalation step ran").length,
    ).toBeGreaterThan(0);
  });

  it("of an API call and a webhook carry a correlation id; a caller's own request id is kept", async () => {
    const res = await fetch(`${h().bot.url}/api/incidents/1`, {
      headers: { authorization: `Bearer ${API_TOKEN}`, "x-request-id": "lb-request-0001" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-correlation-id")).toBe("lb-request-0001");
    const webhook = await sendPagerDutyWebhook(
      h().bot.url,
      WEBHOOK_SECRET,
      pagerDutyWebhookEvent({ type: "incident.acknowledged", dedupKey: "imoc-inc-1-primary" }),
    );
    expect(webhook.status).toBe(200);
    await slackSettled(h().db.path);
    // The acknowledge job the webhook queued ran with the webhook's id and named its incident.
    const ackLine = () =>
      lines().find((l) => l.incident === "INC-1" && l.msg === "PagerDuty pages acknowledged");
    await waitFor(ackLine, { timeoutMs: 10_000 });
    const webhookId = webhook.headers.get("x-correlation-id");
    expect(webhookId).toBeTruthy();
    expect(ackLine()?.correlation_id).toBe(webhookId);
  });

  it("never show a configured secret, through failing requests, PagerDuty and Slack outages", async () => {
    // Refused requests: a forged Slack signature, a wrong API token, a forged webhook.
    const forged = await sendSlashCommand(h().bot.url, "not-the-secret", {
      text: "status",
      responseUrl: h().slack.responseUrl("forged"),
    });
    expect(forged.status).toBe(401);
    const wrong = await fetch(`${h().bot.url}/api/incidents`, {
      headers: { authorization: "Bearer nope-nope-nope-nope" },
    });
    expect(wrong.status).toBe(401);
    const wrongAlert = await fetch(`${h().bot.url}/alerts/alertmanager`, {
      method: "POST",
      headers: { authorization: "Bearer nope-nope-nope-nope", "content-type": "application/json" },
      body: "{}",
    });
    expect(wrongAlert.status).toBe(401);
    const payload = pagerDutyWebhookEvent({ type: "incident.resolved", dedupKey: "imoc-inc-1-primary" });
    expect(
      (await sendPagerDutyWebhook(h().bot.url, WEBHOOK_SECRET, payload, { forgeSignature: true })).status,
    ).toBe(401);
    // PagerDuty failing, then Slack rate limiting, while an incident is declared and noted.
    h().pd!.failFor(2_000, 500);
    const inc = await driver.declare("sev1", "Payments down");
    h().slack.failFor(1_500, { status: 429, retryAfterS: 1 });
    await driver.slash("note checking the payment provider", { channelId: inc.channelId, noReply: true });
    await waitFor(() => h().pd!.events.some((e) => e.dedupKey === `imoc-inc-${inc.id}-primary`), {
      timeoutMs: 20_000,
    });
    await slackSettled(h().db.path);

    const everything = output.join("");
    expect(everything.length).toBeGreaterThan(10_000); // debug lines of all the above
    expect(everything).toContain("Slack is failing"); // the outage was logged...
    const secrets = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      API_TOKEN,
      API_TOKEN_RESTRICTED,
      PAGERDUTY_API_TOKEN: h().pd!.apiToken,
      PAGERDUTY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ALERTS_TOKEN,
      AUDIT_SIGNING_KEY,
      ...Object.fromEntries(
        Object.entries(TARGET_KEYS).map(([k, v]) => [`PAGERDUTY_KEY_${k.toUpperCase()}`, v]),
      ),
    };
    for (const [name, value] of Object.entries(secrets)) {
      expect(h().vars[name] ?? value, name).toBe(value); // ...the bot ran with each of them...
      expect(everything.includes(value), `${name} appears in the log`).toBe(false); // ...and printed none
    }
    expect(everything.includes(AUDIT_KEY_BODY), "the signing key's body appears in the log").toBe(false);
  });
});
