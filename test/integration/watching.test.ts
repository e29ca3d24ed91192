import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { useHarness } from "../support/incident-driver.js";
import { scrape } from "../support/metrics-scrape.js";

/**
 * What ships to watch imoc (deploy/): the alert rules pass Prometheus's own checker, the Grafana
 * dashboard is dashboard JSON, and both query only metrics a running bot exports.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const RULES = resolve(ROOT, "deploy/prometheus/alerts.yml");
const DASHBOARD = resolve(ROOT, "deploy/grafana/imoc.json");
const PROMTOOL = ["/usr/bin/promtool", "promtool"].find((p) => p === "promtool" || existsSync(p)) as string;
/** Made by Prometheus itself for every scrape target, not by the bot. */
const PROMETHEUS_OWN = new Set(["up"]);

const KEYWORDS = new Set([
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "bool",
  "and",
  "or",
  "unless",
  "offset",
  "inf",
  "nan",
]);

/** The metric names a PromQL expression reads (labels, functions, ranges and keywords left out). */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, "") // strings
    .replace(/\{[^}]*\}/g, "") // label matchers
    .replace(/\[[^\]]*\]/g, "") // ranges
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ""); // label lists
  const names = [...bare.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(\s*\()?/g)]
    .filter((m) => !m[2] && !KEYWORDS.has(m[1]!.toLowerCase()))
    .map((m) => m[1]!);
  return [...new Set(names)];
}

interface Panel {
  id?: number;
  type?: string;
  title?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  targets?: Array<{ refId?: string; expr?: string }>;
}
const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as {
  uid?: string;
  title?: string;
  schemaVersion?: number;
  panels?: Panel[];
  templating?: { list?: Array<{ name: string; type: string }> };
};
const rules = (
  parse(readFileSync(RULES, "utf8")) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }
).groups.flatMap((g) => g.rules);
const queryPanels = (dashboard.panels ?? []).filter((p) => p.type !== "row");

describe("deploy/prometheus/alerts.yml", () => {
  it("passes `promtool check rules`", () => {
    const out = execFileSync(PROMTOOL, ["check", "rules", RULES], { encoding: "utf8" });
    expect(out).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it("fire when they should and not before (`promtool test rules` on deploy/prometheus/alerts.test.yml)", () => {
    const out = execFileSync(
      PROMTOOL,
      ["test", "rules", resolve(ROOT, "deploy/prometheus/alerts.test.yml")],
      {
        encoding: "utf8",
      },
    );
    expect(out).toContain("SUCCESS");
  });

  it("has the rules the handbook asks for, each with a runbook", () => {
    const names = rules.map((r) => r.alert);
    for (const alert of [
      "ImocDown",
      "ImocNotReady",
      "ImocPagesFailing",
      "ImocEscalationLate",
      "ImocQueueBackingUp",
      "ImocSlackRateLimited",
      "ImocSlackOutboxBackingUp",
    ])
      expect(names).toContain(alert);
    expect(rules.find((r) => r.alert === "ImocEscalationLate")?.expr).toMatch(
      /histogram_quantile\(0\.99.*> 5$/,
    );
  });
});

describe("deploy/grafana/imoc.json", () => {
  it("is a Grafana dashboard: uid, title, schema version, panels placed on the grid with queries", () => {
    expect(dashboard.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const ids = (dashboard.panels ?? []).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(queryPanels.length).toBeGreaterThan(10);
    for (const panel of dashboard.panels ?? []) {
      expect(panel.gridPos, panel.title).toMatchObject({ x: expect.any(Number), y: expect.any(Number) });
      expect(panel.gridPos!.x + panel.gridPos!.w, panel.title).toBeLessThanOrEqual(24);
    }
    for (const panel of queryPanels) {
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const t of panel.targets ?? []) expect(t.refId && t.expr, panel.title).toBeTruthy();
    }
    // Panels read the Prometheus chosen in the dashboard's datasource variable.
    expect(dashboard.templating?.list?.some((v) => v.name === "datasource" && v.type === "datasource")).toBe(
      true,
    );
  });
});

describe("metrics in the rules and the dashboard", () => {
  const h = useHarness();

  it("finds metric names in PromQL, and only those", () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le) (rate(imoc_x_bucket{job="a b"}[15m]))) > 5 or absent(up)',
      ),
    ).toEqual(["imoc_x_bucket", "up"]);
  });

  it("are all exported by a running bot", async () => {
    const exported = (await scrape(h().bot.url)).names();
    const queries = [
      ...rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })),
      ...queryPanels.flatMap((p) =>
        (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr ?? "" })),
      ),
    ];
    const unknown = queries.flatMap(({ where, expr }) => {
      const names = metricNames(expr);
      if (names.length === 0) return [`${where}: reads no metric`];
      return names.filter((n) => !exported.has(n) && !PROMETHEUS_OWN.has(n)).map((n) => `${where}: ${n}`);
    });
    expect(unknown).toEqual([]);
  });
});
