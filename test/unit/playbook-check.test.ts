import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkPlaybooks } from "../../src/adapters/playbooks/check-playbooks.js";

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

const check = (files: Record<string, string>, matrix?: string) => checkPlaybooks(dirWith(files, matrix));
const messages = (result: ReturnType<typeof checkPlaybooks>) =>
  result.problems.map((p) => `${p.file.split("/").at(-1)}: ${p.field} ${p.message}`);

describe("npm run playbooks:check quality gates", () => {
  it("passes on the shipped playbooks against a matrix in the shipped format", () => {
    const result = checkPlaybooks({ dir: "playbooks", matrixPath: "test/fixtures/matrix/handbook.yaml" });
    expect(result.problems).toEqual([]);
    expect(result.matrix?.referenced).toContain("security_officer");
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
    const matrix =
      "targets:\n  - name: primary\n  - name: dba\npolicies:\n  sev1:\n    steps:\n      - { target: primary, after: 0m }\n      - { target: dba, after: 5m }\n";
    expect(messages(check({ "a.md": playbook() }, matrix))).toEqual([
      'escalation-matrix.yaml: targets.dba target "dba" has no playbook; add it to the `targets` of the playbook its alerts need',
    ]);
  });

  it("catches a matrix service that has no playbook", () => {
    const matrix = "services: [checkout-api, search]\ntargets:\n  - name: primary\n";
    expect(messages(check({ "a.md": playbook() }, matrix))).toEqual([
      'escalation-matrix.yaml: services.search service "search" has no playbook; add it to the `services` of a playbook',
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

  it("the npm script prints every problem and exits 1, and exits 0 on the shipped set", () => {
    const { dir, matrixPath } = dirWith({
      "a.md": playbook({ owner: null }),
      "b.md": playbook({ severities: "[p1]" }),
    });
    const bad = spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/playbooks-check.ts", dir, matrixPath],
      {
        encoding: "utf8",
      },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("2 playbook problems");
    expect(bad.stderr).toContain(`${join(dir, "a.md")}: owner is missing`);
    expect(bad.stderr).toContain(`${join(dir, "b.md")}: severities.0 "p1" is not a severity`);
    const good = spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/playbooks-check.ts", "playbooks", "test/fixtures/matrix/handbook.yaml"],
      { encoding: "utf8" },
    );
    expect(good.stderr).toBe("");
    expect(good.status).toBe(0);
    expect(good.stdout).toContain("4 playbooks OK");
  });
});
