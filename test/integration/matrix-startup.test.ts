import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BOT_TOKEN, SIGNING_SECRET } from "../support/bot-harness.js";

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "imoc-matrix-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm start` with a valid environment but the given matrix: it must stop before opening anything. */
function start(matrix: string | null, extra: Record<string, string> = {}) {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    INCIDENTS_CHANNEL: "CINCIDENTS",
    DATABASE_PATH: join(dir, "never-created.sqlite"),
    REDIS_URL: "redis://127.0.0.1:1",
    ...extra,
  };
  if (matrix !== null) {
    const path = join(dir, `m${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(path, matrix);
    env.ESCALATION_MATRIX = path;
  }
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  return { status: result.status, out: result.stderr + result.stdout };
}

describe("start-up with a broken escalation matrix", () => {
  it("the default matrix without its variables: every missing one, with its path, and exit 1", () => {
    const { status, out } = start(null, { PAGERDUTY_KEY_PRIMARY: "p".repeat(32) });
    expect(status).toBe(1);
    expect(out).toContain("imoc could not start: the escalation matrix has");
    expect(out).toContain(
      `playbooks/escalation-matrix.yaml: targets.secondary.pagerduty.routing_key: \${PAGERDUTY_KEY_SECONDARY} is not set; set PAGERDUTY_KEY_SECONDARY in the environment`,
    );
    expect(out).toContain(`comms.customer_success.channel: \${SLACK_CHANNEL_CUSTOMER_SUCCESS} is not set`);
    expect(out).not.toContain("pppppppp");
  });

  it("a bad duration: named with its path and what to write instead (other mistakes: test/unit/matrix.test.ts)", () => {
    const matrix = `version: 1
business_hours: { days: [mon], start: "09:00", end: "17:00", time_zone: UTC }
targets:
  primary: { name: Primary, slack: { users: [U_PRIMARY] } }
policies:
  sev1: { steps: [{ target: primary, after: 0m }, { target: cto, after: 30m }] }
  sev2: { steps: [{ target: primary, after: fifteen }] }
  sev3: {}
  security: {}
`;
    const { status, out } = start(matrix);
    expect(status).toBe(1);
    expect(out).toMatch(
      /policies\.sev2\.steps\[0\]\.after: "fifteen" is not a duration; write a number and a unit/,
    );
  });
});
