import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatConfigProblems, loadConfig } from "../../src/config/load-config.js";
import { BOT_TOKEN, SIGNING_SECRET } from "../support/bot-harness.js";

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "imoc-matrix-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A valid environment apart from the matrix: start-up must stop before opening anything. */
const VARS: Record<string, string> = {
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  INCIDENTS_CHANNEL: "CINCIDENTS",
  DATABASE_PATH: join(dir, "never-created.sqlite"),
  REDIS_URL: "redis://127.0.0.1:1",
};

function writeMatrix(text: string): string {
  const path = join(dir, `m${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  return path;
}

/** The configuration check `npm start` runs first, in this process: the message it would print. */
function configMessage(vars: Record<string, string>): string {
  const loaded = loadConfig({ ...VARS, ...vars });
  if (loaded.ok) throw new Error("expected the configuration to be rejected");
  return formatConfigProblems(loaded.problems);
}

const BROKEN = `version: 1
business_hours: { days: [mon], start: "09:00", end: "17:00", time_zone: UTC }
targets:
  primary: { name: Primary, slack: { users: [U_PRIMARY] } }
policies:
  sev1: { steps: [{ target: primary, after: 0m }, { target: dba, after: 30m }] }
  sev2: { steps: [{ target: primary, after: fifteen }] }
  sev3: {}
  security: {}
`;

describe("start-up with a broken escalation matrix", () => {
  it("npm start with the default matrix and unset variables: every missing one on stderr, exit 1, no secret", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", ...VARS, PAGERDUTY_KEY_PRIMARY: "p".repeat(32) },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("imoc cannot start: 17 problems in the configuration");
    expect(result.stderr).toContain(
      `playbooks/escalation-matrix.yaml: targets.secondary.pagerduty.routing_key: \${PAGERDUTY_KEY_SECONDARY} is not set; set PAGERDUTY_KEY_SECONDARY in the environment`,
    );
    expect(result.stderr).toContain(
      `comms.customer_success.channel: \${SLACK_CHANNEL_CUSTOMER_SUCCESS} is not set`,
    );
    expect(result.stderr + result.stdout).not.toContain("pppppppp");
    expect(existsSync(VARS.DATABASE_PATH ?? "")).toBe(false);
  });

  it("a bad duration: named with its path and what to write instead (other mistakes: test/unit/matrix.test.ts)", () => {
    const message = configMessage({ ESCALATION_MATRIX: writeMatrix(BROKEN) });
    expect(message).toMatch(/^imoc cannot start: \d+ problems? in the configuration\n/);
    expect(message).toMatch(
      /policies\.sev2\.steps\[0\]\.after: "fifteen" is not a duration; write a number and a unit/,
    );
  });

  it("a step naming an undefined target is reported once, not again as a target without a playbook", () => {
    const path = writeMatrix(BROKEN.replace("after: fifteen", "after: 15m"));
    expect(configMessage({ ESCALATION_MATRIX: path }).split("\n")).toEqual([
      "imoc cannot start: 1 problem in the configuration",
      `  - ${path}: policies.sev1.steps[1].target: unknown target "dba"; write one of primary`,
      expect.stringMatching(/^Variables are described in \.env\.example/),
    ]);
  });

  it("problems of the environment, the matrix, the templates and the playbooks come in one message", () => {
    const playbooks = join(dir, "playbooks-without-templates");
    mkdirSync(playbooks, { recursive: true });
    writeFileSync(
      join(playbooks, "a.md"),
      "---\nid: api-outage\ntitle: API outage\nbackup: '@pat'\nseverities: [sev1]\ntargets: [primary]\n---\n# A\n",
    );
    const message = configMessage({
      SLACK_BOT_TOKEN: "not-a-bot-token",
      ESCALATION_MATRIX: writeMatrix(BROKEN),
      PLAYBOOKS_DIR: playbooks,
    });
    const lines = message.split("\n");
    expect(lines[0]).toBe(`imoc cannot start: ${lines.length - 2} problems in the configuration`);
    expect(message).toContain("  - SLACK_BOT_TOKEN must be a bot token starting with xoxb-");
    expect(message).toContain('policies.sev2.steps[0].after: "fifteen" is not a duration');
    expect(message).toContain(`${join(playbooks, "templates", "status-update.md")}: missing`);
    expect(message).toContain(`${join(playbooks, "a.md")}: owner is missing`);
    expect(message).not.toContain("has no playbook");
  });
});
