import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  COMMS_ALL_CLEAR_PLACEHOLDERS,
  COMMS_DECLARED_PLACEHOLDERS,
  STATUS_UPDATE_PLACEHOLDERS,
  unknownPlaceholders,
} from "../domain/comms/template.js";

/** Each template, its file and the placeholders it may use (README section that lists them). */
const FILES = {
  statusUpdate: ["status-update.md", STATUS_UPDATE_PLACEHOLDERS, "Status updates"],
  noUpdateNudge: ["no-update-nudge.md", STATUS_UPDATE_PLACEHOLDERS, "Status updates"],
  commsDeclared: ["comms-declared.md", COMMS_DECLARED_PLACEHOLDERS, "Stakeholder comms and the status page"],
  commsAllClear: [
    "comms-all-clear.md",
    COMMS_ALL_CLEAR_PLACEHOLDERS,
    "Stakeholder comms and the status page",
  ],
} as const;

export type Templates = Record<keyof typeof FILES, string>;

export type TemplatesResult = { ok: true; templates: Templates } | { ok: false; problems: string[] };

/** Status-update and comms templates from `<PLAYBOOKS_DIR>/templates/`, checked at start-up. */
export function loadTemplates(playbooksDir: string): TemplatesResult {
  const problems: string[] = [];
  const read = ([name, placeholders, section]: (typeof FILES)[keyof typeof FILES]) => {
    const path = join(playbooksDir, "templates", name);
    try {
      const text = readFileSync(path, "utf8");
      const unknown = unknownPlaceholders(text, placeholders);
      if (unknown.length) {
        problems.push(
          `${path}: unknown placeholder(s) ${unknown.map((u) => `{{${u}}}`).join(", ")}; write one of ${placeholders.join(", ")} (README "${section}")`,
        );
      }
      return text;
    } catch {
      problems.push(`${path}: missing; restore it from the repository or set PLAYBOOKS_DIR`);
      return "";
    }
  };
  const templates = Object.fromEntries(
    Object.entries(FILES).map(([key, file]) => [key, read(file)]),
  ) as Templates;
  return problems.length ? { ok: false, problems } : { ok: true, templates };
}
