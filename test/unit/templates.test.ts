import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadTemplates } from "../../src/config/templates.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
/** A copy of playbooks/templates to break. */
function copy(): string {
  dir = mkdtempSync(join(tmpdir(), "imoc-templates-"));
  cpSync("playbooks/templates", join(dir, "templates"), { recursive: true });
  return dir;
}

describe("templates at start-up", () => {
  it("loads the repository's templates, the comms ones included", () => {
    const result = loadTemplates("playbooks");
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.templates.commsDeclared).toContain("{{why}}");
    expect(result.templates.commsAllClear).toContain("{{duration}}");
  });

  it("names a missing comms template and a placeholder the template cannot use, with the ones it can", () => {
    const root = copy();
    unlinkSync(join(root, "templates", "comms-declared.md"));
    // {{latest_update}} belongs to the status update, not to the all-clear.
    writeFileSync(join(root, "templates", "comms-all-clear.md"), "All clear: {{latest_update}}");
    const result = loadTemplates(root);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([
      `${join(root, "templates", "comms-declared.md")}: missing; restore it from the repository or set PLAYBOOKS_DIR`,
      `${join(root, "templates", "comms-all-clear.md")}: unknown placeholder(s) {{latest_update}}; write one of incident, title, severity, duration, summary, commander, channel, declared_at, resolved_at (README "Stakeholder comms and the status page")`,
    ]);
  });
});
