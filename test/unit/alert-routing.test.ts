import { describe, expect, it } from "vitest";
import { fromAlertmanager } from "../../src/adapters/alerts/alertmanager-payload.js";
import { fromPagerDuty } from "../../src/adapters/alerts/pagerduty-alert.js";
import { toAlertRouting } from "../../src/config/matrix-alerts.js";
import { type IncomingAlert, isStorm, routeFor } from "../../src/domain/alerts/alert-routing.js";

const routing = toAlertRouting({
  routes: [
    { match: { alertname: "CheckoutDown" }, match_re: {}, severity: "sev1", mode: "declare" },
    {
      name: "db",
      match: {},
      match_re: { alertname: "Postgres.*", env: "prod|staging" },
      severity: "sev2",
      mode: "triage",
    },
    { match: {}, match_re: {}, pagerduty_service: ["PSVC1", "PSVC2"], severity: "sev2", mode: "declare" },
  ],
});

const alert = (labels: Record<string, string>, pagerdutyService: string | null = null): IncomingAlert => ({
  source: pagerdutyService ? "pagerduty" : "alertmanager",
  key: "k",
  status: "firing",
  alertname: labels.alertname ?? "x",
  labels,
  pagerdutyService,
  title: "t",
  alerts: 1,
  link: null,
});

describe("alert routes", () => {
  it("first match wins: exact labels, anchored regexes (all must match), PagerDuty service ids", () => {
    expect(routeFor(routing.routes, alert({ alertname: "CheckoutDown", env: "prod" }))?.name).toBe(
      "alerts.routes[0]",
    );
    expect(routeFor(routing.routes, alert({ alertname: "PostgresDown", env: "prod" }))?.name).toBe("db");
    // Anchored: "production" is not "prod"; a missing label does not match a regex.
    expect(routeFor(routing.routes, alert({ alertname: "PostgresDown", env: "production" }))).toBeNull();
    expect(routeFor(routing.routes, alert({ alertname: "PostgresDown" }))).toBeNull();
    expect(routeFor(routing.routes, alert({ service: "payments" }, "PSVC2"))?.severity).toBe("sev2");
    expect(routeFor(routing.routes, alert({}, "POTHER"))).toBeNull();
  });

  it("defaults: triage, storms above 10 new groups in 5 minutes", () => {
    expect(toAlertRouting(undefined)).toMatchObject({
      triageChannel: null,
      stormGroups: 10,
      stormWindowMs: 300_000,
    });
    expect(isStorm({ stormGroups: 10 }, 9)).toBe(false);
    expect(isStorm({ stormGroups: 10 }, 10)).toBe(true);
  });
});

describe("payloads as alert groups", () => {
  it("Alertmanager: routed on common and group labels, titled by the summary, linked to the generator", () => {
    const group = fromAlertmanager({
      version: "4",
      groupKey: '{}:{alertname="HighErrorRate"}',
      status: "firing",
      groupLabels: { alertname: "HighErrorRate" },
      commonLabels: { alertname: "HighErrorRate", service: "api", severity: "critical" },
      commonAnnotations: { summary: "5xx above 5%" },
      externalURL: "http://alertmanager:9093",
      alerts: [
        {
          status: "firing",
          labels: { alertname: "HighErrorRate", instance: "a" },
          annotations: {},
          startsAt: "2026-11-27T10:00:00Z",
          generatorURL: "http://prometheus:9090/graph",
        },
      ],
    });
    expect(group).toMatchObject({
      key: '{}:{alertname="HighErrorRate"}',
      alertname: "HighErrorRate",
      labels: { service: "api", severity: "critical" },
      title: "5xx above 5%",
      link: "http://prometheus:9090/graph",
      alerts: 1,
    });
  });

  it("PagerDuty: one group per PagerDuty incident, routed by service id", () => {
    const group = fromPagerDuty(
      {
        id: "Q1",
        title: "Payments down",
        html_url: "https://acme.pagerduty.com/incidents/Q1",
        service: { id: "PSVC1", summary: "Payments" },
      },
      "firing",
    );
    expect(group).toMatchObject({
      source: "pagerduty",
      key: "Q1",
      pagerdutyService: "PSVC1",
      alertname: "Payments",
    });
  });
});
