import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseMatrix } from "../../src/config/matrix.js";

/** "No alert without a runbook": `npm run playbooks:check` and the matrix's `alerts:` routes. */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const PLAYBOOK = `---
id: api-outage
title: API outage
owner: "@dana"
backup: "@pat"
services: [checkout-api]
alerts: [CheckoutDown]
severities: [sev1]
---
# API outage
1. Acknowledge
`;

function matrix(routes: string): string {
  return `version: 1
business_hours: { days: [mon], start: "09:00", end: "17:00", time_zone: UTC }
targets: {}
policies: { sev1: {}, sev2: {}, sev3: {}, security: {} }
alerts:
  triage_channel: C0TRIAGE
  routes:
${routes}`;
}

function run(routes: string) {
  const dir = mkdtempSync(join(tmpdir(), "imoc-alert-playbooks-"));
  dirs.push(dir);
  writeFileSync(join(dir, "api-outage.md"), PLAYBOOK);
  const matrixPath = join(dir, "escalation-matrix.yaml");
  writeFileSync(matrixPath, matrix(routes));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== "PLAYBOOKS_DIR" && k !== "ESCALATION_MATRIX"),
  );
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/playbooks-check.ts", dir, matrixPath], {
    encoding: "utf8",
    env,
  });
}

describe("playbooks:check and alert routes", () => {
  it("passes when every route's alert has a playbook (by alerts: or by the route's playbook:)", () => {
    const ok = run(`    - { match: { alertname: CheckoutDown }, severity: sev1, mode: declare }
    - { pagerduty_service: PSVC1, severity: sev2, playbook: api-outage }`);
    expect(ok.stderr).not.toContain("problem");
    expect(ok.status).toBe(0);
  });

  it("fails on an alert with no playbook, naming the route and the alert", () => {
    const bad = run(`    - { name: search-down, match: { alertname: SearchDown }, severity: sev2 }
    - { match_re: { alertname: "Disk.*" }, severity: sev3 }
    - { pagerduty_service: PSVC1, severity: sev2, playbook: no-such-playbook }`);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("3 playbook problems");
    expect(bad.stderr).toContain('alerts.routes (search-down) alert "SearchDown" has no playbook');
    expect(bad.stderr).toContain("alerts.routes (alerts.routes[1]) can produce alerts no playbook answers");
    expect(bad.stderr).toContain('names playbook "no-such-playbook", which does not exist');
  });
});

describe("the alerts: section of the matrix", () => {
  it("reports every mistake with its path", () => {
    const result = parseMatrix(
      matrix(`    - { match: { alertname: A }, severity: sev9, mode: page }
    - { severity: sev1 }
    - { match_re: { service: "(" }, severity: sev1 }`).replace("C0TRIAGE", "general"),
      "m.yaml",
      {},
    );
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("alerts.triage_channel: write a Slack channel id"),
        expect.stringContaining("alerts.routes[0].severity: severity is one of sev1, sev2, sev3, security"),
        expect.stringContaining("alerts.routes[0].mode: mode is declare"),
        expect.stringContaining('alerts.routes[2].match_re.service: "(" is not a valid regular expression'),
      ]),
    );
  });

  it("a route that matches nothing is a problem", () => {
    const result = parseMatrix(matrix("    - { severity: sev1 }"), "m.yaml", {});
    expect(result.ok ? [] : result.problems).toEqual([
      "m.yaml: alerts.routes[0]: matches nothing; give it match, match_re or pagerduty_service",
    ]);
  });
});
