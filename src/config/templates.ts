import { readFileSync } from "node:fs";
import { join } from "node:path";
import { unknownPlaceholders } from "../domain/comms/template.js";

const FILES = { statusUpdate: "status-update.md", noUpdateNudge: "no-update-nudge.md" } as const;

/** Status-update templates from `<PLAYBOOKS_DIR>/templates/`, checked at start-up. */
export function loadTemplates(playbooksDir: string): { statusUpdate: string; noUpdateNudge: string } {
  const problems: string[] = [];
  const read = (name: string) => {
    const path = join(playbooksDir, "templates", name);
    try {
      const text = readFileSync(path, "utf8");
      const unknown = unknownPlaceholders(text);
      if (unknown.length) {
        problems.push(
          `${path}: unknown placeholder(s) ${unknown.map((u) => `{{${u}}}`).join(", ")}; see README "Status updates"`,
        );
      }
      return text;
    } catch {
      problems.push(`${path}: missing; restore it from the repository or set PLAYBOOKS_DIR`);
      return "";
    }
  };
  const templates = { statusUpdate: read(FILES.statusUpdate), noUpdateNudge: read(FILES.noUpdateNudge) };
  if (problems.length) throw Object.assign(new Error(problems.join("\n")), { code: "TEMPLATE_INVALID" });
  return templates;
}
