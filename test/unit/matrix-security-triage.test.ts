import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { parseMatrix } from "../../src/config/matrix.js";

const text = readFileSync("test/fixtures/matrix/alerts-security-channel.yaml", "utf8");

it("alerts.security_triage_channel is where security triage messages go; unset, there is none", () => {
  const set = parseMatrix(text, "m.yaml", {});
  if (!set.ok) throw new Error(set.problems.join("\n"));
  expect(set.matrix.alerts?.securityTriageChannel).toBe("GSECTRIAGE");
  const unset = parseMatrix(text.replace(/^ {2}security_triage_channel: .*\n/m, ""), "m.yaml", {});
  if (!unset.ok) throw new Error(unset.problems.join("\n"));
  expect(unset.matrix.alerts?.securityTriageChannel).toBeNull();
});

it("a channel name instead of its id is reported with its path", () => {
  const result = parseMatrix(text.replace("GSECTRIAGE", "security-triage"), "m.yaml", {});
  expect(result.ok ? "" : result.problems.join("\n")).toMatch(
    /alerts\.security_triage_channel: .*write a Slack channel id such as C0123ABCD/,
  );
});
