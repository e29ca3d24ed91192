import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadMatrix, parseMatrix } from "../../src/config/matrix.js";

const KEY = "a".repeat(32);
/** Every variable the default playbooks/escalation-matrix.yaml names. */
const DEFAULT_VARS: Record<string, string> = {
  PAGERDUTY_KEY_PRIMARY: KEY,
  PAGERDUTY_KEY_SECONDARY: KEY,
  PAGERDUTY_KEY_INCIDENT_COMMANDER: KEY,
  PAGERDUTY_KEY_ENGINEERING_DIRECTOR: KEY,
  PAGERDUTY_KEY_CTO: KEY,
  PAGERDUTY_KEY_SECURITY: KEY,
  SLACK_GROUP_PRIMARY: "SPRIMARY",
  SLACK_GROUP_SECONDARY: "SSECONDARY",
  SLACK_GROUP_INCIDENT_COMMANDER: "SIC",
  SLACK_GROUP_SECURITY: "SSECURITY",
  SLACK_USER_ENGINEERING_DIRECTOR: "U_DIRECTOR",
  SLACK_USER_CTO: "U_CTO",
  SLACK_USER_PRODUCT_LEAD: "U_PRODUCT",
  SLACK_USER_LEGAL: "U_LEGAL",
  SLACK_CHANNEL_PRODUCT: "CPRODUCT",
  SLACK_CHANNEL_SUPPORT: "CSUPPORT",
  SLACK_CHANNEL_CUSTOMER_SUCCESS: "CCS",
  SLACK_CHANNEL_ALERTS: "CALERTS",
};

const base = readFileSync("test/fixtures/matrix/quiet.yaml", "utf8");
const withTargets = (policies: string, targets = "") =>
  base
    .replace(
      "targets: {}",
      `targets:\n  primary:\n    name: Primary on-call\n    slack: { users: [U_PRIMARY] }\n${targets}`,
    )
    .replace(/policies:[\s\S]*$/, policies);
const problems = (text: string, env: Record<string, string> = {}) => {
  const result = parseMatrix(text, "m.yaml", env);
  if (result.ok) throw new Error("expected the matrix to be rejected");
  return result.problems.join("\n");
};

describe("the escalation matrix file", () => {
  it("loads the default matrix with the handbook's steps once its variables are set", () => {
    const result = loadMatrix("playbooks/escalation-matrix.yaml", DEFAULT_VARS);
    if (!result.ok) throw new Error(result.problems.join("\n"));
    const sev1 = result.matrix.policies.sev1;
    expect(sev1.steps.map((s) => [s.target, s.afterMs / 60_000, s.until])).toEqual([
      ["primary", 0, "resolved"],
      ["secondary", 5, "acknowledged"],
      ["incident_commander", 10, "resolved"],
      ["engineering_director", 15, "resolved"],
      ["cto", 30, "resolved"],
    ]);
    expect(sev1.statusUpdates).toEqual({
      everyMs: 15 * 60_000,
      audiences: ["product", "support", "customer_success"],
    });
    expect(result.matrix.policies.sev2.steps.map((s) => s.afterMs / 60_000)).toEqual([0, 15, 30, 45]);
    expect(result.matrix.policies.sev3.businessHoursOnly).toBe(true);
    expect(result.matrix.policies.security.steps.map((s) => s.target)).toEqual(["security_officer", "legal"]);
    expect(result.matrix.targets.primary?.pagerduty?.routingKey).toBe(KEY);
  });

  it("names the file, the path and the variable when one is missing", () => {
    const { PAGERDUTY_KEY_CTO: _, ...env } = DEFAULT_VARS;
    const result = loadMatrix("playbooks/escalation-matrix.yaml", env);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.problems.join("\n")).toBe(
      `playbooks/escalation-matrix.yaml: targets.cto.pagerduty.routing_key: \${PAGERDUTY_KEY_CTO} is not set; set PAGERDUTY_KEY_CTO in the environment (or write the value in the file)`,
    );
  });

  it("with placeholders (checks that page nobody) names the unset variables and still reports real mistakes", () => {
    const shipped = loadMatrix("playbooks/escalation-matrix.yaml", {}, { placeholders: true });
    if (!shipped.ok) throw new Error(shipped.problems.join("\n"));
    expect(shipped.placeholders).toEqual(expect.arrayContaining(Object.keys(DEFAULT_VARS)));
    expect(shipped.placeholders).toHaveLength(Object.keys(DEFAULT_VARS).length);
    const text = withTargets(
      "policies:\n  sev1: { steps: [{ target: primary, after: soon }] }\n  sev2: {}\n  sev3: {}\n  security: {}\n",
      `  cto:\n    name: CTO\n    pagerduty: { routing_key: "\${KEY}" }\n`,
    );
    const result = parseMatrix(text, "m.yaml", {}, { placeholders: true });
    expect(result.ok ? [] : result.problems).toEqual([
      'm.yaml: policies.sev1.steps[0].after: "soon" is not a duration; write a number and a unit, e.g. "30s", "5m", "1h" or "0m"',
    ]);
  });

  it("collects the services the file names, at the top level and under targets", () => {
    const text = withTargets(
      "policies:\n  sev1: {}\n  sev2: {}\n  sev3: {}\n  security: {}\n",
      "    services: [billing, checkout-api]\n",
    ).replace("targets:", "services: [checkout-api, { name: search }]\ntargets:");
    const result = parseMatrix(text, "m.yaml", {});
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.matrix.services).toEqual(["checkout-api", "search", "billing"]);
    expect(problems(text.replace("services: [billing", "service: [billing"))).toContain(
      "targets.primary: unknown key service",
    );
  });

  it("rejects a step whose target is not defined, and lists the targets that are", () => {
    const text = withTargets(
      "policies:\n  sev1: { steps: [{ target: primery, after: 0m }] }\n  sev2: {}\n  sev3: {}\n  security: {}\n",
    );
    expect(problems(text)).toContain(
      'm.yaml: policies.sev1.steps[0].target: unknown target "primery"; write one of primary',
    );
  });

  it("refuses business hours on the security policy: its steps are never delayed", () => {
    const text = withTargets(
      "policies:\n  sev1: {}\n  sev2: {}\n  sev3: {}\n  security: { steps: [{ target: primary, after: 0m }], business_hours_only: true }\n",
    );
    expect(problems(text)).toContain(
      "m.yaml: policies.security.business_hours_only: the security duty officer and legal are paged at once whatever the severity; remove this key",
    );
  });

  it("rejects a duration it cannot read and says how to write one", () => {
    const text = withTargets(
      "policies:\n  sev1: { steps: [{ target: primary, after: 5 minutes }] }\n  sev2: {}\n  sev3: {}\n  security: {}\n",
    );
    expect(problems(text)).toContain(
      'm.yaml: policies.sev1.steps[0].after: "5 minutes" is not a duration; write a number and a unit, e.g. "30s", "5m", "1h" or "0m"',
    );
  });

  it("rejects a routing key of the wrong length without printing it", () => {
    const text = withTargets(
      "policies:\n  sev1: {}\n  sev2: {}\n  sev3: {}\n  security: {}\n",
      `  cto:\n    name: CTO\n    pagerduty: { routing_key: "\${KEY}" }\n`,
    );
    const out = problems(text, { KEY: "supersecret-but-short" });
    expect(out).toContain(
      "targets.cto.pagerduty.routing_key: must be the 32-character Events API v2 integration key",
    );
    expect(out).not.toContain("supersecret");
  });

  it("rejects misspelt keys, unknown until states, unknown audiences, bad time zones and invalid YAML", () => {
    const text = withTargets(
      "policies:\n  sev1:\n    steps: [{ target: primary, after: 0m, until: acked }]\n    status_update: { every: 15m }\n    status_updates: { every: 15m, to: [press] }\n  sev2: {}\n  sev3: {}\n  security: {}\n",
    ).replace("time_zone: UTC", "time_zone: Mars/Olympus");
    const out = problems(text);
    expect(out).toContain("policies.sev1: unknown key status_update");
    expect(out).toContain("policies.sev1.steps[0].until: until is one of acknowledged, mitigated, resolved");
    expect(out).toContain('business_hours.time_zone: "Mars/Olympus" is not an IANA time zone');
    const audience = problems(
      text
        .replace("    status_update: { every: 15m }\n", "")
        .replace("Mars/Olympus", "UTC")
        .replace("acked", "acknowledged"),
    );
    expect(audience).toContain('policies.sev1.status_updates.to[0]: unknown comms audience "press"');
    expect(problems("targets: [unclosed")).toMatch(/^m\.yaml: is not valid YAML/);
  });

  it("says when the file is missing and how to point at another one", () => {
    const result = loadMatrix("nowhere/matrix.yaml", {});
    expect(result.ok ? "" : result.problems[0]).toBe(
      "nowhere/matrix.yaml: cannot read the escalation matrix (ENOENT); set ESCALATION_MATRIX to its path",
    );
  });
});
