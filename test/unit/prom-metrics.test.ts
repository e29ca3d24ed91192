import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { createPromMetrics } from "../../src/adapters/observability/prom-metrics.js";

const bot = () =>
  createPromMetrics({
    incidents: {
      countBySeverityAndStatus: () => [],
      countOpen: () => [{ severity: "sev2", drill: true, count: 2 }],
    },
    startedAt: new Date("2026-11-27T10:00:00Z"),
    now: () => new Date("2026-11-27T10:01:30Z"),
  });
const series = async (m: ReturnType<typeof bot>, name: string) =>
  parsePrometheusTextFormat(await m.scrape()).find((f) => f.name === name)?.metrics ?? [];

describe("the prom-client metrics", () => {
  it("keep label values from outside to a known shape (no free text becomes a series)", async () => {
    const m = bot();
    m.pagerDutyWebhook("incident.acknowledged", "handled");
    m.pagerDutyWebhook("incident.acknowledged <script>", "handled");
    m.pagerDutyWebhook("x".repeat(200), "handled");
    m.slackApiCall("chat.postMessage", "Channel Not Found!");
    const webhooks = await series(m, "imoc_pagerduty_webhooks_total");
    expect(webhooks.map((s) => [s.labels?.type, s.value])).toEqual([
      ["incident.acknowledged", "1"],
      ["other", "2"],
    ]);
    expect((await series(m, "imoc_slack_api_calls_total"))[0]?.labels).toEqual({
      method: "chat.postMessage",
      outcome: "other",
    });
  });

  it("are each bot's own: two bots in one process do not add up", async () => {
    const a = bot();
    const b = bot();
    a.incidentDeclared("sev1", false);
    expect((await series(a, "imoc_incidents_declared_total"))[0]?.value).toBe("1");
    expect(await series(b, "imoc_incidents_declared_total")).toEqual([]);
  });

  it("read the record when scraped: open incidents by severity with drills apart, every severity and status present", async () => {
    const m = bot();
    const open = await series(m, "imoc_open_incidents");
    expect(open).toContainEqual({ labels: { severity: "sev2", drill: "true" }, value: "2" });
    expect(open).toContainEqual({ labels: { severity: "sev1", drill: "false" }, value: "0" });
    expect((await series(m, "imoc_incidents")).length).toBe(12); // 3 severities × 4 statuses
    expect((await series(m, "imoc_uptime_seconds"))[0]?.value).toBe("90");
  });
});
