import { readFileSync } from "node:fs";
import { join } from "node:path";
import { unknownPlaceholders } from "../domain/comms/template.js";

const FILES = { statusUpdate: "status-update.md", noUpdateNudge: "no-update-nudge.md" } as const;

export interface Templates {
  statusUpdate: string;
  noUpdateNudge: string;
}

export type TemplatesResult = { ok: true; templates: Templates } | { ok: false; problems: string[] };

/** Status-update templates from `<PLAYBOOKS_DIR>/templates/`, checked at start-up. */
export function loadTemplates(playbooksDir: string): TemplatesResult {
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
  return problems.length ? { ok: false, problems } : { ok: true, templates };
}
