import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Playbook } from "../../domain/playbooks/playbook.js";
import type { PlaybookProblem } from "../../domain/playbooks/playbook-check.js";
import { frontMatterSchema } from "./front-matter.js";

export interface LoadedPlaybooks {
  playbooks: Playbook[];
  problems: PlaybookProblem[];
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Parses one playbook file; every problem names the file and the field. */
export function parsePlaybook(file: string, source: string): Playbook | PlaybookProblem[] {
  const match = FRONT_MATTER.exec(source);
  if (!match) {
    return [{ file, field: "front matter", message: "is missing: start the file with a --- YAML block ---" }];
  }
  let raw: unknown;
  try {
    raw = parseYaml(match[1] ?? "");
  } catch (error) {
    return [{ file, field: "front matter", message: `is not valid YAML: ${(error as Error).message}` }];
  }
  const parsed = frontMatterSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({
      file,
      field: issue.path.join(".") || "front matter",
      message: issue.message,
    }));
  }
  const fm = parsed.data;
  return {
    id: fm.id,
    title: fm.title,
    owner: fm.owner,
    backup: fm.backup,
    services: fm.services,
    keywords: fm.keywords,
    targets: fm.targets,
    severities: fm.severities,
    links: fm.links,
    escalationTriggers: fm.escalation_triggers,
    alerts: fm.alerts,
    lastDrilled: fm.last_drilled,
    body: (match[2] ?? "").trim(),
    file,
  };
}

/**
 * Only `*.md` at the top of the folder are playbooks: the same folder holds the escalation matrix
 * and `templates/`, and a README there would be a playbook without front matter (reported).
 */
export function loadPlaybooks(dir: string): LoadedPlaybooks {
  let files: string[];
  try {
    files = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".md"))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return {
      playbooks: [],
      problems: [{ file: dir, field: "PLAYBOOKS_DIR", message: `cannot be read (${reason})` }],
    };
  }
  const playbooks: Playbook[] = [];
  const problems: PlaybookProblem[] = [];
  for (const file of files) {
    const result = parsePlaybook(file, readFileSync(join(dir, file), "utf8"));
    if (Array.isArray(result)) problems.push(...result);
    else playbooks.push(result);
  }
  if (files.length === 0) {
    problems.push({ file: dir, field: "PLAYBOOKS_DIR", message: "holds no *.md playbooks" });
  }
  return { playbooks, problems };
}
