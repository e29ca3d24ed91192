import type { EscalationMatrix } from "../domain/escalation/escalation-matrix.js";
import type { Playbook } from "../domain/playbooks/playbook.js";
import { checkPlaybooks } from "../adapters/playbooks/check-playbooks.js";
import { type Env, FILE_DEFAULTS, parseEnv } from "./env.js";
import { loadMatrix } from "./matrix.js";
import { loadTemplates, type Templates } from "./templates.js";

/** Everything imoc reads before it opens a file or a connection, checked as a whole. */
export interface Config {
  env: Env;
  matrix: EscalationMatrix;
  templates: Templates;
  playbooks: Playbook[];
  /** IANA zone of the Monday review: WEEKLY_REVIEW_TZ, else the matrix's business-hours zone. */
  weeklyReviewZone: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/**
 * Reads the environment, the escalation matrix (`${NAME}` values from `vars`), the status-update
 * templates and the playbook set. A problem in one does not hide the others: an operator fixes
 * everything in one go.
 */
export function loadConfig(vars: Record<string, string | undefined>): ConfigResult {
  const problems: string[] = [];
  const parsed = parseEnv(vars);
  if (!parsed.ok) problems.push(...parsed.problems);
  // A bad environment still lets the files be checked, at the paths it names or the defaults.
  const matrixPath = parsed.ok
    ? parsed.env.ESCALATION_MATRIX
    : vars.ESCALATION_MATRIX || FILE_DEFAULTS.ESCALATION_MATRIX;
  const playbooksDir = parsed.ok
    ? parsed.env.PLAYBOOKS_DIR
    : vars.PLAYBOOKS_DIR || FILE_DEFAULTS.PLAYBOOKS_DIR;

  const matrix = loadMatrix(matrixPath, vars);
  if (!matrix.ok) problems.push(...matrix.problems);
  const templates = loadTemplates(playbooksDir);
  if (!templates.ok) problems.push(...templates.problems);
  // A broken matrix is reported once, above; the playbooks are then checked without coverage.
  const check = checkPlaybooks({ dir: playbooksDir, matrix: matrix.ok ? matrix.matrix : null });
  problems.push(...check.problems.map((p) => `${p.file}: ${p.field} ${p.message}`));

  if (!parsed.ok || !matrix.ok || !templates.ok || problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      env: parsed.env,
      matrix: matrix.matrix,
      templates: templates.templates,
      playbooks: check.playbooks,
      weeklyReviewZone: parsed.env.WEEKLY_REVIEW_TZ ?? matrix.matrix.businessHours.timeZone,
    },
  };
}

export function formatConfigProblems(problems: string[]): string {
  return [
    `imoc cannot start: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the configuration`,
    ...problems.map((p) => `  - ${p}`),
    'Variables are described in .env.example; the matrix in README "Escalation matrix"; playbooks in README "Playbooks".',
  ].join("\n");
}
