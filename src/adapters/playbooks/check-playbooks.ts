import { join } from "node:path";
import type { EscalationMatrix } from "../../domain/escalation/escalation-matrix.js";
import type { Playbook } from "../../domain/playbooks/playbook.js";
import { checkPlaybookSet, type PlaybookProblem } from "../../domain/playbooks/playbook-check.js";
import { loadPlaybooks } from "./load-playbooks.js";

export interface PlaybookCheck {
  playbooks: Playbook[];
  problems: PlaybookProblem[];
}

/**
 * Everything `npm run playbooks:check` and start-up check: each file's fields, then the set.
 * Without a matrix (missing, or broken and reported by its loader) coverage is not checked.
 */
export function checkPlaybooks(options: { dir: string; matrix: EscalationMatrix | null }): PlaybookCheck {
  const loaded = loadPlaybooks(options.dir);
  const problems = [...loaded.problems, ...checkPlaybookSet(loaded.playbooks, options.matrix)];
  return {
    playbooks: loaded.playbooks,
    problems: problems.map((p) =>
      p.file.endsWith(".md") && !p.file.includes("/") ? { ...p, file: join(options.dir, p.file) } : p,
    ),
  };
}
