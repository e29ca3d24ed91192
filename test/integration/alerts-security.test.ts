import { resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../support/bot-harness.js";
import { click } from "../support/click.js";
import { alertmanagerPayload, sendAlertmanager } from "../support/alertmanager.js";
import { slackSettled } from "../support/outbox.js";

// Both matrices route LeakedCredential (severity security, triage mode) and call more than 3 new
// groups a minute a storm; alerts-security-channel.yaml also sets alerts.security_triage_channel.
const matrix = (name: string) => resolve(import.meta.dirname, `../fixtures/matrix/${name}.yaml`);
const TOKEN = "alerts-token-0123456789abcdef";
const TRIAGE = "CGENERAL";
const SECURITY_TRIAGE = "GSECTRIAGE";

/** Everything of the security alert that must not reach a public channel (its generator URL names it too). */
const SECRET = {
  alertname: "LeakedCredential",
  labels: { secret_kind: "aws-access-key", repository: "payments-infra" },
  summary: "Key AKIAEXAMPLE0123 pushed to a public gist",
};
const SECRET_TEXTS = [SECRET.alertname, ...Object.values(SECRET.labels), "AKIAEXAMPLE0123", "public gist"];

const leak = (h: Harness, groupKey = '{}/{}:{alertname="LeakedCredential"}') =>
  sendAlertmanager(h.bot.url, TOKEN, alertmanagerPayload({ ...SECRET, groupKey }));

/** Every text and block the bot sent (posts and edits) to channels that are not private. */
function publicWrites(h: Harness): string[] {
  return ["chat.postMessage", "chat.update", "chat.postEphemeral"]
    .flatMap((m) => h.slack.callsTo(m))
    .filter((c) => {
      const channel = h.slack.channel(String(c.args.channel));
      return !channel || !(channel.isPrivate || channel.isIm || channel.isMpim);
    })
    .map((c) => JSON.stringify([c.args.channel, c.args.text, c.args.blocks]));
}

const leaked = (writes: readonly string[]) =>
  writes.flatMap((w) => SECRET_TEXTS.filter((s) => w.includes(s)).map((s) => `${s} in ${w.slice(0, 200)}`));

function rows<T>(h: Harness, sql: string, ...params: unknown[]): T[] {
  const db = new Database(h.db.path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const declare = async (h: Harness, channelId: string, messageTs: string, groupId: unknown) =>
  JSON.stringify(
    await click(h, {
      actionId: "alert_declare",
      value: `group-${groupId}`,
      userId: "U_IC",
      channelId,
      messageTs,
    }),
  );

/** Fires unmatched alerts until one starts (or joins) a storm; returns the storm message. */
async function startStorm(h: Harness) {
  for (let i = 0; i < 10; i++) {
    const res = await sendAlertmanager(
      h.bot.url,
      TOKEN,
      alertmanagerPayload({ alertname: "DiskFilling", groupKey: `storm-${i}`, summary: `disk ${i} filling` }),
    );
    if (res.body.kind === "storm") return res.body.stormId as number;
  }
  throw new Error("no storm after 10 new groups");
}

describe("a security alert to triage, without alerts.security_triage_channel", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ESCALATION_MATRIX: matrix("alerts-security"), ALERTS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await h?.stop();
  });
  afterEach(() => {
    expect(h.slack.unexpected).toEqual([]);
  });
  const securityMessage = () => h.slack.messagesIn(TRIAGE).find((m) => m.text?.startsWith("Security alert"));

  it("the triage channel learns that it arrived (route, count, first/last seen) and nothing it says", async () => {
    const res = await leak(h);
    expect(res.body).toMatchObject({ kind: "triage" });
    await leak(h);
    await slackSettled(h.db.path);
    const message = securityMessage();
    expect(message?.text).toBe("Security alert (route leaked-credentials, 2×)");
    const blocks = JSON.stringify(message?.blocks);
    expect(blocks).toMatch(/received 2× · first \d\d:\d\d:\d\d UTC · last \d\d:\d\d:\d\d UTC/);
    expect(blocks).toContain("alert_declare");
    expect(blocks).toContain("alert_dismiss");
    // Attaching it to a (public) incident would put its details there.
    expect(blocks).not.toContain("alert_attach");
    // The post and the edit of the repeat, and everything else public: none of its details.
    expect(h.slack.callsTo("chat.update").length).toBeGreaterThan(0);
    expect(leaked(publicWrites(h))).toEqual([]);
  });

  it("Declare opens a security incident whose private channel has the details", async () => {
    const message = securityMessage()!;
    const group = rows<{ id: number }>(
      h,
      "select id from alert_groups where alertname = ?",
      SECRET.alertname,
    )[0]!;
    const reply = await declare(h, TRIAGE, message.ts, group.id);
    expect(reply).toMatch(/Declared INC-\d+/);
    const [incident] = rows<{ id: number; security: number; channel_id: string }>(
      h,
      "select i.id, i.security, i.channel_id from incidents i join alert_groups g on g.incident_id = i.id where g.id = ?",
      group.id,
    );
    expect(incident?.security).toBe(1);
    expect(h.slack.channel(incident!.channel_id)?.isPrivate).toBe(true);
    const inside = h.slack.messagesIn(incident!.channel_id).map((m) => m.text ?? "");
    expect(
      inside.some((t) => t.includes(`Alert *${SECRET.alertname}*`) && t.includes("AKIAEXAMPLE0123")),
    ).toBe(true);
    expect(securityMessage()?.text).toContain(`Now INC-${incident!.id}`);
    expect(leaked(publicWrites(h))).toEqual([]);
  });

  it("is not attached to an incident that is not a security incident, even by a crafted click", async () => {
    const open = await sendAlertmanager(h.bot.url, TOKEN, alertmanagerPayload({ alertname: "CheckoutDown" }));
    expect(open.body).toMatchObject({ kind: "declared" });
    const res = await leak(h, "leak-to-attach");
    expect(res.body).toMatchObject({ kind: "triage" });
    await slackSettled(h.db.path);
    const reply = await click(h, {
      actionId: "alert_attach",
      selectedOption: { value: `group-${res.body.groupId}:${open.body.incidentId}` },
      userId: "U_IC",
      channelId: TRIAGE,
      key: "attach-security",
    });
    expect(JSON.stringify(reply.body)).toContain("a security alert is declared as its own security incident");
    expect(
      rows<{ incident_id: number | null }>(
        h,
        "select incident_id from alert_groups where id = ?",
        res.body.groupId,
      ),
    ).toEqual([{ incident_id: null }]);
    expect(leaked(publicWrites(h))).toEqual([]);
  });

  it("a storm's listing names a security alert without its details, and offers no Attach", async () => {
    const stormId = await startStorm(h);
    const res = await leak(h, "leak-during-storm");
    expect(res.body).toMatchObject({ kind: "storm", stormId });
    await slackSettled(h.db.path);
    const storm = h.slack.messagesIn(TRIAGE).find((m) => m.text?.startsWith("Alert storm"));
    const listed = JSON.stringify(storm?.blocks);
    expect(listed).toMatch(/DiskFilling · disk \d+ filling/); // the other groups are listed in full
    expect(listed).toContain("Security alert (route leaked-credentials), details withheld");
    expect(listed).not.toContain("alert_attach");
    expect(leaked(publicWrites(h))).toEqual([]);
  });
});

describe("a security alert to triage, with alerts.security_triage_channel", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ESCALATION_MATRIX: matrix("alerts-security-channel"), ALERTS_TOKEN: TOKEN });
    h.slack.addChannel("security-triage", {
      id: SECURITY_TRIAGE,
      isPrivate: true,
      members: [h.slack.botUserId, "U_IC"],
    });
  });
  afterAll(async () => {
    await h?.stop();
  });
  afterEach(() => {
    expect(h.slack.unexpected).toEqual([]);
  });

  it("goes in full to that channel, and nothing to the public triage channel", async () => {
    const triageBefore = h.slack.messagesIn(TRIAGE).length;
    const res = await leak(h);
    expect(res.body).toMatchObject({ kind: "triage" });
    await slackSettled(h.db.path);
    const [message] = h.slack.messagesIn(SECURITY_TRIAGE);
    expect(message?.text).toBe(`${SECRET.alertname}: ${SECRET.summary} (1×)`);
    expect(JSON.stringify(message?.blocks)).toContain("g0.expr=LeakedCredential");
    expect(JSON.stringify(message?.blocks)).toContain("alert_declare");
    expect(h.slack.messagesIn(TRIAGE)).toHaveLength(triageBefore);
    const reply = await declare(h, SECURITY_TRIAGE, message!.ts, res.body.groupId);
    expect(reply).toMatch(/Declared INC-\d+/);
    expect(h.slack.messagesIn(SECURITY_TRIAGE)[0]?.text).toMatch(/Now INC-\d+/);
    expect(leaked(publicWrites(h))).toEqual([]);
  });

  it("during a storm too: it keeps its own message there instead of joining the public listing", async () => {
    await startStorm(h);
    const res = await leak(h, "leak-during-storm");
    expect(res.body).toMatchObject({ kind: "triage" });
    await slackSettled(h.db.path);
    expect(h.slack.messagesIn(SECURITY_TRIAGE)).toHaveLength(2);
    expect(leaked(publicWrites(h))).toEqual([]);
  });
});
