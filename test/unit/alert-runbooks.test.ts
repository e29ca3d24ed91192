import { describe, expect, it } from "vitest";
import { checkAlertRunbooks, runbookPlaybookId } from "../../src/domain/playbooks/alert-runbooks.js";

const ids = new Set(["imoc-down", "imoc-pages-failing"]);
const rule = (alert: string, runbook?: string) => ({
  alert,
  expr: "up == 0",
  annotations: runbook === undefined ? { summary: "x" } : { runbook_url: runbook },
});

describe("alert rules' runbooks", () => {
  it("reads the playbook id from a runbook URL, on the bot or in the repository", () => {
    expect(runbookPlaybookId("https://imoc.example.com/playbooks/imoc-down")).toBe("imoc-down");
    expect(runbookPlaybookId("https://git.example.com/imoc/blob/main/playbooks/imoc-down.md")).toBe(
      "imoc-down",
    );
    expect(runbookPlaybookId("https://wiki.example.com/imoc")).toBeNull();
  });

  it("passes rules that each link an existing playbook; recording rules need none", () => {
    const file = {
      groups: [{ rules: [rule("A", "https://x/playbooks/imoc-down"), { record: "r", expr: "1" }] }],
    };
    expect(checkAlertRunbooks("alerts.yml", file, ids)).toEqual([]);
  });

  it("names the rule and says what to write when a runbook is missing, unparseable or unknown", () => {
    const file = {
      groups: [
        {
          rules: [
            rule("NoRunbook"),
            rule("Wiki", "https://wiki.example.com/x"),
            rule("Gone", "https://x/playbooks/nope"),
          ],
        },
      ],
    };
    expect(checkAlertRunbooks("alerts.yml", file, ids)).toEqual([
      {
        file: "alerts.yml",
        field: "groups[0].rules[0] (NoRunbook).annotations.runbook_url",
        message: "is missing: link the playbook that says what to do",
      },
      {
        file: "alerts.yml",
        field: "groups[0].rules[1] (Wiki).annotations.runbook_url",
        message: '"https://wiki.example.com/x" does not name a playbook (…/playbooks/<id>)',
      },
      {
        file: "alerts.yml",
        field: "groups[0].rules[2] (Gone).annotations.runbook_url",
        message: 'names playbook "nope", which does not exist; write playbooks/nope.md',
      },
    ]);
    expect(checkAlertRunbooks("alerts.yml", { nope: 1 }, ids)[0]?.field).toBe("groups");
  });
});
