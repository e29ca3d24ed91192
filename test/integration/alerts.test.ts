import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import { alertmanagerPayload, sendAlertmanager } from "../support/alertmanager.js";
import { click as clickButton } from "../support/click.js";
import { slackSettled } from "../support/outbox.js";
import { pagerDutyWebhookEvent, sendPagerDutyWebhook } from "../support/pagerduty-webhook.js";

const TOKEN = "alerts-token-0123456789abcdef";
const PD_SECRET = "pd-webhook-secret";
const MATRIX = resolve(import.meta.dirname, "../fixtures/matrix/alerts.yaml");
const TRIAGE = "CGENERAL";
const API = "api-token-0123456789abcdef";

const h = useHarness({
  ESCALATION_MATRIX: MATRIX,
  ALERTS_TOKEN: TOKEN,
  PAGERDUTY_WEBHOOK_SECRET: PD_SECRET,
  API_TOKEN: API,
});
const { rows } = incidentDriver(h);

interface IncidentRow {
  id: number;
  title: string;
  severity: string;
  service: string | null;
  channel_id: string | null;
}
const incidentsTitled = (like: string) =>
  rows<IncidentRow>(
    "select id, title, severity, service, channel_id from incidents where title like ?",
    like,
  );
const timeline = (incidentId: number, kind: string) =>
  rows<{ text: string; data: string }>(
    "select text, data from timeline_events where incident_id = ? and kind = ? order by seq",
    incidentId,
    kind,
  );
const counts = () => ({
  incidents: rows<{ n: number }>("select count(*) n from incidents")[0]?.n,
  groups: rows<{ n: number }>("select count(*) n from alert_groups")[0]?.n,
  events: rows<{ n: number }>("select count(*) n from timeline_events")[0]?.n,
});
const fire = (
  alertname: string,
  opts: Parameters<typeof alertmanagerPayload>[0] extends infer T ? Partial<T> : never = {},
) => sendAlertmanager(h().bot.url, TOKEN, alertmanagerPayload({ alertname, ...opts }));
const texts = (channel: string) =>
  h()
    .slack.messagesIn(channel)
    .map((m) => m.text ?? "");
const actionIds = (blocks: unknown) => JSON.stringify(blocks ?? []);

describe("Alertmanager alerts in", () => {
  it("a firing alert on a declare route opens the incident with its playbook, by itself", async () => {
    const res = await fire("CheckoutDown", {
      labels: { severity: "critical" },
      summary: "Checkout returns 503",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "declared" });
    await slackSettled(h().db.path);
    const [incident] = incidentsTitled("CheckoutDown%");
    expect(incident).toMatchObject({
      severity: "sev1",
      service: "checkout-api",
      title: "CheckoutDown: Checkout returns 503",
    });
    expect(timeline(incident!.id, "declared")[0]?.text).toContain("SEV-1");
    expect(timeline(incident!.id, "alert_received")).toHaveLength(1);
    const linked = timeline(incident!.id, "playbook_linked").map((e) => JSON.parse(e.data).playbookId);
    expect(linked).toContain("api-outage");
    const channel = texts(incident!.channel_id!);
    expect(channel.some((t) => t.includes("Alert *CheckoutDown*") && t.includes("Playbook"))).toBe(true);
    expect(channel.some((t) => /no playbook/i.test(t))).toBe(false);
    const alertMessage = h()
      .slack.messagesIn(incident!.channel_id!)
      .find((m) => m.text?.includes("Alert *CheckoutDown*"));
    expect(actionIds(alertMessage?.blocks)).toContain("alert_actionable");
    expect(actionIds(alertMessage?.blocks)).toContain("alert_noise");
  });

  it("the same group again is the same incident, count 2, and no new message", async () => {
    const [incident] = incidentsTitled("CheckoutDown%");
    const before = h().slack.messagesIn(incident!.channel_id!).length;
    const res = await fire("CheckoutDown", {
      labels: { severity: "critical" },
      summary: "Checkout returns 503",
    });
    expect(res.body).toMatchObject({ kind: "repeat", count: 2, incidentId: incident!.id });
    await slackSettled(h().db.path);
    expect(incidentsTitled("CheckoutDown%")).toHaveLength(1);
    expect(
      rows<{ count: number }>("select count from alert_groups where alertname = 'CheckoutDown'"),
    ).toEqual([{ count: 2 }]);
    expect(
      timeline(incident!.id, "alert_received")
        .map((e) => e.text)
        .at(-1),
    ).toContain("received 2×");
    expect(h().slack.messagesIn(incident!.channel_id!)).toHaveLength(before);
  });

  it("a resolved alert is a timeline event and one message; the incident stays open", async () => {
    const [incident] = incidentsTitled("CheckoutDown%");
    const before = h().slack.messagesIn(incident!.channel_id!).length;
    for (let i = 0; i < 2; i++) {
      const res = await fire("CheckoutDown", { status: "resolved", labels: { severity: "critical" } });
      expect(res.status).toBe(200);
    }
    await slackSettled(h().db.path);
    expect(timeline(incident!.id, "alert_resolved")).toHaveLength(1);
    const added = texts(incident!.channel_id!).slice(before);
    expect(added).toEqual([
      expect.stringContaining("resolved; the incident stays open until someone resolves it"),
    ]);
    expect(rows<{ status: string }>("select status from incidents where id = ?", incident!.id)).toEqual([
      { status: "declared" },
    ]);
  });

  it("two groups are two incidents", async () => {
    const a = await fire("CheckoutDown", {
      groupKey: '{}/{}:{alertname="CheckoutDown", region="eu"}',
      labels: { region: "eu" },
    });
    const b = await fire("CheckoutDown", {
      groupKey: '{}/{}:{alertname="CheckoutDown", region="us"}',
      labels: { region: "us" },
    });
    expect(a.body.kind).toBe("declared");
    expect(b.body.kind).toBe("declared");
    expect(a.body.incidentId).not.toBe(b.body.incidentId);
    await slackSettled(h().db.path);
    expect(incidentsTitled("CheckoutDown%")).toHaveLength(3);
  });

  it("Grafana alerting's webhook (version 1, the same fields plus its own) is taken too", async () => {
    // Grafana's documented example body, trimmed to one alert.
    const grafana = {
      receiver: "imoc",
      status: "firing",
      orgId: 1,
      alerts: [
        {
          status: "firing",
          labels: { alertname: "High memory usage", team: "blue", zone: "us-1" },
          annotations: { summary: "This alert was triggered for zone us-1" },
          startsAt: "2021-10-12T09:51:03.157076+02:00",
          endsAt: "0001-01-01T00:00:00Z",
          generatorURL: "https://play.grafana.org/alerting/1afz29v7z/edit",
          fingerprint: "c6eadffa33fcdf37",
          silenceURL: "https://play.grafana.org/alerting/silence/new",
          dashboardURL: "",
          panelURL: "",
          values: { B: 44.2, C: 1 },
        },
      ],
      groupLabels: { alertname: "High memory usage" },
      commonLabels: { alertname: "High memory usage", team: "blue", zone: "us-1" },
      commonAnnotations: { summary: "This alert was triggered for zone us-1" },
      externalURL: "https://play.grafana.org/",
      version: "1",
      groupKey: '{}:{alertname="High memory usage"}',
      truncatedAlerts: 0,
      title: "[FIRING:1] High memory usage",
      state: "alerting",
      message: "**Firing**",
    };
    const res = await sendAlertmanager(h().bot.url, TOKEN, grafana);
    expect(res.body).toMatchObject({ kind: "triage" });
    await slackSettled(h().db.path);
  });

  it("a wrong token gets 401 and records nothing; no token set would be 503", async () => {
    const before = counts();
    const wrong = await sendAlertmanager(
      h().bot.url,
      "not-the-token-at-all",
      alertmanagerPayload({ alertname: "CheckoutDown", groupKey: "x1" }),
    );
    const none = await sendAlertmanager(
      h().bot.url,
      null,
      alertmanagerPayload({ alertname: "CheckoutDown", groupKey: "x2" }),
    );
    expect([wrong.status, none.status]).toEqual([401, 401]);
    expect(JSON.stringify(wrong.body)).not.toContain(TOKEN);
    expect(counts()).toEqual(before);
  });

  it("a malformed body gets 400 naming the field, and records nothing", async () => {
    const before = counts();
    const payload = alertmanagerPayload({ alertname: "CheckoutDown", groupKey: "bad" }) as {
      alerts: Array<Record<string, unknown>>;
    };
    delete payload.alerts[0]!.labels;
    const res = await sendAlertmanager(h().bot.url, TOKEN, payload);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^alerts\[0\]\.labels: /);
    const version = await sendAlertmanager(h().bot.url, TOKEN, { ...payload, version: "3" });
    expect(version.body.message).toMatch(/^version: /);
    const notJson = await sendAlertmanager(h().bot.url, TOKEN, "{not json");
    expect(notJson.status).toBe(400);
    expect(counts()).toEqual(before);
  });
});

describe("triage", () => {
  const triageMessage = (alertname: string) =>
    h()
      .slack.messagesIn(TRIAGE)
      .find((m) => m.text?.startsWith(`${alertname}:`));

  const click = async (actionId: string, value: string, extra: Record<string, unknown> = {}) => {
    await clickButton(h(), {
      actionId,
      value,
      userId: "U_IC",
      channelId: TRIAGE,
      messageTs: triageMessage(String(extra.alertname ?? ""))?.ts ?? "1.000001",
      ...(extra.selectedOption ? { selectedOption: extra.selectedOption as { value: string } } : {}),
    });
  };

  it("a triage route posts Declare / Attach / Dismiss; Declare opens the incident with the route's playbook", async () => {
    const res = await fire("PostgresReplicationLag", {
      labels: { severity: "warning" },
      summary: "Replica lag 120s",
    });
    expect(res.body).toMatchObject({ kind: "triage" });
    await slackSettled(h().db.path);
    expect(incidentsTitled("PostgresReplicationLag%")).toHaveLength(0);
    const message = triageMessage("PostgresReplicationLag");
    expect(message?.text).toContain("(1×)");
    const ids = actionIds(message?.blocks);
    for (const id of ["alert_declare", "alert_attach", "alert_dismiss", "alert_actionable", "alert_noise"])
      expect(ids).toContain(id);
    expect(ids).toContain("Database degradation");

    // A repeat edits the message in place.
    await fire("PostgresReplicationLag", { labels: { severity: "warning" }, summary: "Replica lag 120s" });
    await slackSettled(h().db.path);
    expect(
      h()
        .slack.messagesIn(TRIAGE)
        .filter((m) => m.text?.startsWith("PostgresReplicationLag:")),
    ).toHaveLength(1);
    expect(triageMessage("PostgresReplicationLag")?.text).toContain("(2×)");

    const group = res.body.groupId as number;
    await click("alert_declare", `group-${group}`, { alertname: "PostgresReplicationLag" });
    const [incident] = incidentsTitled("PostgresReplicationLag%");
    expect(incident).toMatchObject({ severity: "sev2" });
    expect(rows("select declared_by from incidents where id = ?", incident!.id)).toEqual([
      { declared_by: "U_IC" },
    ]);
    expect(timeline(incident!.id, "alert_received")[0]?.text).toContain("received 2×");
    expect(timeline(incident!.id, "playbook_linked").map((e) => JSON.parse(e.data).playbookId)).toContain(
      "database-degradation",
    );
    expect(triageMessage("PostgresReplicationLag")?.text).toContain(`Now INC-${incident!.id}`);
    expect(actionIds(triageMessage("PostgresReplicationLag")?.blocks)).not.toContain("alert_declare");
    // Declaring twice declares once.
    await click("alert_declare", `group-${group}`, { alertname: "PostgresReplicationLag" });
    expect(incidentsTitled("PostgresReplicationLag%")).toHaveLength(1);
  });

  it("Attach to INC-n puts an unmatched alert into an open incident; Dismiss closes another", async () => {
    const res = await fire("MysteryAlert", { summary: "Something odd" });
    expect(res.body).toMatchObject({ kind: "triage" });
    await slackSettled(h().db.path);
    expect(
      triageMessage("MysteryAlert")?.blocks && JSON.stringify(triageMessage("MysteryAlert")?.blocks),
    ).toContain("No route matched");
    const [target] = incidentsTitled("CheckoutDown: Checkout returns 503");
    const group = res.body.groupId as number;
    await click("alert_attach", `group-${group}`, {
      alertname: "MysteryAlert",
      selectedOption: { value: `group-${group}:${target!.id}` },
    });
    expect(
      timeline(target!.id, "alert_received")
        .map((e) => e.text)
        .at(-1),
    ).toContain("MysteryAlert");
    expect(texts(target!.channel_id!).some((t) => t.includes("MysteryAlert"))).toBe(true);
    expect(triageMessage("MysteryAlert")?.text).toContain(`Now INC-${target!.id}`);

    const other = await fire("AnotherOddity", { summary: "Probably nothing" });
    await slackSettled(h().db.path);
    await click("alert_dismiss", `group-${other.body.groupId}`, { alertname: "AnotherOddity" });
    expect(triageMessage("AnotherOddity")?.text).toContain("Dismissed by <@U_IC>");
    expect(incidentsTitled("AnotherOddity%")).toHaveLength(0);

    // Dismissed, resolved, and firing again next time: a new triage message, not a silent count.
    await fire("AnotherOddity", { status: "resolved" });
    const again = await fire("AnotherOddity", { summary: "Probably nothing" });
    expect(again.body).toMatchObject({ kind: "triage" });
    expect(again.body.groupId).not.toBe(other.body.groupId);
    await slackSettled(h().db.path);
    expect(
      h()
        .slack.messagesIn(TRIAGE)
        .filter((m) => m.text?.startsWith("AnotherOddity:")),
    ).toHaveLength(2);
  });

  it("Actionable / Noise: one answer per person, the last one counts", async () => {
    const [group] = rows<{ id: number }>(
      "select id from alert_groups where alertname = 'PostgresReplicationLag'",
    );
    await click("alert_noise", `group-${group!.id}`);
    await click("alert_actionable", `group-${group!.id}`);
    expect(
      rows(
        "select user_id, verdict, alertname, playbook_id from alert_feedback where group_id = ?",
        group!.id,
      ),
    ).toEqual([
      {
        user_id: "U_IC",
        verdict: "actionable",
        alertname: "PostgresReplicationLag",
        playbook_id: "database-degradation",
      },
    ]);
    // GET /api/reports shows it, against the handbook's 80%.
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const res = await fetch(`${h().bot.url}/api/reports?from=${from}&to=${to}`, {
      headers: { Authorization: `Bearer ${API}` },
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { actionability: { byAlert: unknown[]; target: number } };
    expect(report.actionability.target).toBe(0.8);
    expect(report.actionability.byAlert).toEqual([
      { key: "PostgresReplicationLag", actionable: 1, noise: 0, rate: 1, meetsTarget: true },
    ]);
  });
});

describe("PagerDuty alerts in", () => {
  it("incident.triggered from a mapped service opens an incident; a forged signature gets 401 and records nothing", async () => {
    const payload = pagerDutyWebhookEvent({
      type: "incident.triggered",
      incidentId: "Q1PAYDOWN",
      title: "Payments API error rate above 5%",
      service: { id: "PSVCPAY", summary: "Payments API" },
    });
    const before = counts();
    const forged = await sendPagerDutyWebhook(h().bot.url, PD_SECRET, payload, { forgeSignature: true });
    expect(forged.status).toBe(401);
    expect(counts()).toEqual(before);

    const res = await sendPagerDutyWebhook(h().bot.url, PD_SECRET, payload);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ kind: "declared" });
    await slackSettled(h().db.path);
    const [incident] = incidentsTitled("Payments API:%");
    expect(incident).toMatchObject({ severity: "sev2", service: "payments-api" });
    expect(timeline(incident!.id, "playbook_linked").map((e) => JSON.parse(e.data).playbookId)).toContain(
      "api-outage",
    );
    // PagerDuty sends it again (a webhook retry): the same incident.
    await sendPagerDutyWebhook(h().bot.url, PD_SECRET, payload);
    expect(incidentsTitled("Payments API:%")).toHaveLength(1);
  });

  it("a triggered incident without a service reference gets 400 naming the field", async () => {
    const payload = pagerDutyWebhookEvent({ type: "incident.triggered", incidentId: "Q1NOSVC" });
    delete (payload.event.data as Record<string, unknown>).service;
    const res = await sendPagerDutyWebhook(h().bot.url, PD_SECRET, payload);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).message).toMatch(/^event\.data\.service: /);
  });
});
