import type { PlaybookProblem } from "./playbook-check.js";

/** The playbook a runbook URL points at: the last segment after `/playbooks/` (`.md` optional). */
export function runbookPlaybookId(url: string): string | null {
  return /\/playbooks\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.md)?\/?(?:[?#].*)?$/.exec(url)?.[1] ?? null;
}

type Rule = { alert?: unknown; record?: unknown; annotations?: { runbook_url?: unknown } | null };

/**
 * "No alert without a runbook", applied to the alert rules for imoc itself: every alerting rule of
 * a Prometheus rule file (already parsed) has an `annotations.runbook_url` that names a playbook
 * of the set (`.../playbooks/<id>`). Recording rules need none.
 */
export function checkAlertRunbooks(
  file: string,
  rules: unknown,
  playbookIds: ReadonlySet<string>,
): PlaybookProblem[] {
  const groups = (rules as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups))
    return [{ file, field: "groups", message: "is missing: not a Prometheus rule file" }];
  const problems: PlaybookProblem[] = [];
  groups.forEach((group: { rules?: unknown }, g) => {
    const list = Array.isArray(group?.rules) ? (group.rules as Rule[]) : [];
    list.forEach((rule, r) => {
      if (typeof rule?.alert !== "string") return;
      const field = `groups[${g}].rules[${r}] (${rule.alert}).annotations.runbook_url`;
      const url = rule.annotations?.runbook_url;
      if (typeof url !== "string" || url.trim() === "") {
        problems.push({ file, field, message: "is missing: link the playbook that says what to do" });
        return;
      }
      const id = runbookPlaybookId(url);
      if (!id)
        problems.push({ file, field, message: `"${url}" does not name a playbook (…/playbooks/<id>)` });
      else if (!playbookIds.has(id))
        problems.push({
          file,
          field,
          message: `names playbook "${id}", which does not exist; write playbooks/${id}.md`,
        });
    });
  });
  return problems;
}
