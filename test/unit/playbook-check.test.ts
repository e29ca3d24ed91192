import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkPlaybooks } from "../../src/adapters/playbooks/check-playbooks.js";
import { loadPlaybooks } from "../../src/adapters/playbooks/load-playbooks.js";
import { loadMatrix, parseMatrix } from "../../src/config/matrix.js";
import { checkPlaybookSet } from "../../src/domain/playbooks/playbook-check.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const FIELDS = {
  id: "api-outage",
  title: "API outage",
  owner: '"@dana"',
  backup: '"@pat"',
  services: "[checkout-api]",
  severities: "[sev1, sev2]",
  targets: "[primary]",
  links: "\n  - title: Dashboard\n    url: https://grafana.example.com/d/api\n    kind: dashboard",
};
type Fields = Partial<Record<keyof typeof FIELDS, string | null>>;

function playbook(fields: Fields = {}): string {
  const merged = { ...FIELDS, ...fields };
  const lines = Object.entries(merged)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join("\n")}\n---\n# Playbook\n1. Acknowledge\n`;
}

function dirWith(files: Record<string, string>, matrix?: string) {
  const dir = mkdtempSync(join(tmpdir(), "imoc-playbooks-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const matrixPath = join(dir, "escalation-matrix.yaml");
  if (matrix) writeFileSync(matrixPath, matrix);
  return { dir, matrixPath };
}

/** A valid matrix whose sev1 pages `paged` in order; `extra` goes at the top level (e.g. services:). */
function matrixPaging(paged: string[], extra = ""): string {
  const targets = paged.map((t) => `  ${t}: { name: ${t}, slack: { users: [U_${t.toUpperCase()}] } }`);
  const steps = paged.map((t, i) => `{ target: ${t}, after: ${i * 5}m }`);
  return `version: 1
business_hours: { days: [mon], start: "09:00", end: "17:00", time_zone: UTC }
${extra}targets:
${targets.join("\n")}
policies:
  sev1: { steps: [${steps.join(", ")}] }
  sev2: {}
  sev3: {}
  security: {}
`;
}

function check(files: Record<string, string>, matrixText?: string) {
  const { dir } = dirWith(files);
  if (!matrixText) return checkPlaybooks({ dir, matrix: null });
  const matrix = parseMatrix(matrixText, "escalation-matrix.yaml", {});
  if (!matrix.ok) throw new Error(matrix.problems.join("\n"));
  return checkPlaybooks({ dir, matrix: matrix.matrix });
}
const messages = (result: ReturnType<typeof checkPlaybooks>) =>
  result.problems.map((p) => `${p.file.split("/").at(-1)}: ${p.field} ${p.message}`);

/** `npm run playbooks:check` as CI runs it: no PagerDuty keys or Slack ids in the environment. */
function runScript(args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(PAGERDUTY_|SLACK_)/.test(k) && k !== "PLAYBOOKS_DIR" && k !== "ESCALATION_MATRIX",
    ),
  );
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/playbooks-check.ts", ...args], {
    encoding: "utf8",
    env,
  });
}

describe("npm run playbooks:check quality gates", () => {
  it("passes on the shipped playbooks against the shipped matrix, its variables unset", () => {
    const shipped = loadMatrix("playbooks/escalation-matrix.yaml", {}, { placeholders: true });
    if (!shipped.ok) throw new Error(shipped.problems.join("\n"));
    expect(shipped.placeholders).toContain("PAGERDUTY_KEY_CTO");
    expect(checkPlaybooks({ dir: "playbooks", matrix: shipped.matrix }).problems).toEqual([]);
    // Coverage was checked: without the security playbook, the targets only it covers are missing.
    const { playbooks } = loadPlaybooks("playbooks");
    const withoutSecurity = playbooks.filter((p) => p.id !== "security-incident");
    expect(checkPlaybookSet(withoutSecurity, shipped.matrix).map((p) => p.field)).toContain(
      "targets.security_officer",
    );
  });

  it("catches a playbook with no owner", () => {
    expect(messages(check({ "a.md": playbook({ owner: null }) }))).toEqual([
      expect.stringMatching(/^a\.md: owner is missing: name the owner/),
    ]);
  });

  it("catches a playbook with no backup", () => {
    expect(messages(check({ "a.md": playbook({ backup: '""' }) }))).toEqual([
      expect.stringMatching(/^a\.md: backup is empty: name the trained backup/),
    ]);
  });

  it("catches an owner who is also the backup", () => {
    expect(messages(check({ "a.md": playbook({ backup: '"@Dana"' }) }))).toEqual([
      expect.stringMatching(/^a\.md: backup is the owner \(@dana\)/),
    ]);
  });

  it("catches a broken link format", () => {
    const links = "\n  - title: Logs\n    url: logs.example.com/search?q=500\n    kind: logs";
    expect(messages(check({ "a.md": playbook({ links }) }))).toEqual([
      'a.md: links.0.url "logs.example.com/search?q=500" is not a link; write a full http(s):// URL',
    ]);
  });

  it("catches an unknown severity", () => {
    expect(messages(check({ "a.md": playbook({ severities: "[sev1, sev4]" }) }))).toEqual([
      'a.md: severities.1 "sev4" is not a severity; use sev1, sev2, sev3, security',
    ]);
  });

  it("catches a duplicate id", () => {
    expect(messages(check({ "a.md": playbook(), "b.md": playbook({ title: "Other" }) }))).toEqual([
      'b.md: id "api-outage" is already used by a.md',
    ]);
  });

  it("catches a matrix target that has no playbook", () => {
    expect(messages(check({ "a.md": playbook() }, matrixPaging(["primary", "dba"])))).toEqual([
      'escalation-matrix.yaml: targets.dba target "dba" has no playbook; add it to the `targets` of the playbook its alerts need',
    ]);
  });

  it("catches a matrix service that has no playbook", () => {
    const matrix = matrixPaging(["primary"], "services: [checkout-api, search]\n");
    expect(messages(check({ "a.md": playbook() }, matrix))).toEqual([
      'escalation-matrix.yaml: services.search service "search" has no playbook; add it to the `services` of a playbook',
    ]);
  });

  it("reads services named as { name } and under a target", () => {
    const matrix = matrixPaging(
      ["primary"],
      "services: [{ name: checkout-api }, { name: search }]\n",
    ).replace("slack: { users: [U_PRIMARY] } }", "slack: { users: [U_PRIMARY] }, services: [billing] }");
    expect(messages(check({ "a.md": playbook() }, matrix))).toEqual([
      expect.stringMatching(/^escalation-matrix\.yaml: services\.search service "search" has no playbook/),
      expect.stringMatching(/^escalation-matrix\.yaml: services\.billing service "billing" has no playbook/),
    ]);
  });

  it("catches a file without front matter and names it", () => {
    expect(messages(check({ "notes.md": "# just notes\n" }))).toEqual([
      expect.stringMatching(/^notes\.md: front matter is missing/),
    ]);
  });

  it("ignores the matrix and templates/ beside the playbooks", () => {
    expect(check({ "a.md": playbook(), "escalation-matrix.yaml": "targets: []\n" }).problems).toEqual([]);
  });

  it("the npm script prints every problem and exits 1; without a matrix it says coverage was not checked", () => {
    const { dir, matrixPath } = dirWith({
      "a.md": playbook({ owner: null }),
      "b.md": playbook({ severities: "[p1]" }),
    });
    const bad = runScript([dir, matrixPath]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(
      `note: ${matrixPath} does not exist: matrix targets and services were not checked`,
    );
    expect(bad.stderr).toContain("2 playbook problems");
    expect(bad.stderr).toContain(`${join(dir, "a.md")}: owner is missing`);
    expect(bad.stderr).toContain(`${join(dir, "b.md")}: severities.0 "p1" is not a severity`);
  });

  it("the npm script passes on the shipped set without the matrix's variables, and says so", () => {
    const good = runScript([]);
    expect(good.stderr.trim()).toMatch(
      /^note: playbooks\/escalation-matrix\.yaml: \d+ unset \$\{NAME\} value\(s\) checked with a placeholder \(this check pages nobody\): .*PAGERDUTY_KEY_PRIMARY/,
    );
    expect(good.status).toBe(0);
    const shipped = readdirSync("playbooks").filter((f) => f.endsWith(".md")).length;
    expect(good.stdout).toContain(`${shipped} playbooks OK`);
  });

  it("the npm script fails when one of imoc's alert rules links a playbook that does not exist", () => {
    const dir = mkdtempSync(join(tmpdir(), "imoc-rules-"));
    dirs.push(dir);
    const rules = readFileSync("deploy/prometheus/alerts.yml", "utf8").replace(
      "/playbooks/imoc-down",
      "/playbooks/imoc-gone",
    );
    writeFileSync(join(dir, "alerts.yml"), rules);
    const bad = runScript(["playbooks", "playbooks/escalation-matrix.yaml", join(dir, "alerts.yml")]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(
      '(ImocDown).annotations.runbook_url names playbook "imoc-gone", which does not exist',
    );
  });

  it("the npm script reports a broken matrix once, with its path, and does not check coverage", () => {
    const { dir, matrixPath } = dirWith(
      { "a.md": playbook() },
      matrixPaging(["primary", "dba"]).replace("after: 5m", "after: soon"),
    );
    const out = runScript([dir, matrixPath]);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain("the escalation matrix has 1 problem");
    expect(out.stderr).toContain(`${matrixPath}: policies.sev1.steps[1].after: "soon" is not a duration`);
    expect(out.stderr).not.toContain("has no playbook");
  });
});
