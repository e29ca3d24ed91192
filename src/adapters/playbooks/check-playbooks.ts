import { join } from "node:path";
import type { Playbook } from "../../domain/playbooks/playbook.js";
import { checkPlaybookSet, type PlaybookProblem } from "../../domain/playbooks/playbook-check.js";
import { type MatrixTargets, readMatrixTargets } from "../../config/matrix-targets.js";
import { loadPlaybooks } from "./load-playbooks.js";

export interface PlaybookCheck {
  playbooks: Playbook[];
  problems: PlaybookProblem[];
  /** Null when the matrix file does not exist yet: coverage is then not checked (and said so). */
  matrix: MatrixTargets | null;
  notes: string[];
}

/** Everything `npm run playbooks:check` and start-up check: each file's fields, then the set. */
export function checkPlaybooks(options: { dir: string; matrixPath: string }): PlaybookCheck {
  const loaded = loadPlaybooks(options.dir);
  const notes: string[] = [];
  const problems = [...loaded.problems];
  const read = readMatrixTargets(options.matrixPath);
  let matrix: MatrixTargets | null = null;
  if (read.ok) matrix = read.matrix;
  else if (read.missing) notes.push(`${read.problem}: matrix targets and services were not checked`);
  else problems.push({ file: options.matrixPath, field: "ESCALATION_MATRIX", message: read.problem });
  problems.push(
    ...checkPlaybookSet(
      loaded.playbooks,
      matrix ? { targets: matrix.referenced, services: matrix.services } : null,
    ).map((p) => (p.file === "escalation-matrix.yaml" ? { ...p, file: options.matrixPath } : p)),
  );
  return {
    playbooks: loaded.playbooks,
    problems: problems.map((p) =>
      p.file.endsWith(".md") && !p.file.includes("/") ? { ...p, file: join(options.dir, p.file) } : p,
    ),
    matrix,
    notes,
  };
}
