/**
 * `npm run playbooks:check`: the handbook's quality gates over `PLAYBOOKS_DIR` and the escalation
 * matrix (`ESCALATION_MATRIX`), and the runbook of every rule in imoc's own alert rules
 * (`ALERT_RULES`, default deploy/prometheus/alerts.yml; third argument). Prints every problem with file and field; exits 1 if there is one.
 * CI runs it without the matrix's secrets: unset `${NAME}` values get placeholders, as nobody is paged.
 */
import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { checkPlaybooks } from "../src/adapters/playbooks/check-playbooks.js";
import { formatMatrixProblems, loadMatrix } from "../src/config/matrix.js";
import { checkAlertRunbooks } from "../src/domain/playbooks/alert-runbooks.js";
import { formatPlaybookProblems } from "../src/domain/playbooks/playbook-check.js";

const dir = process.argv[2] ?? (process.env.PLAYBOOKS_DIR || "playbooks");
const matrixPath = process.argv[3] ?? (process.env.ESCALATION_MATRIX || "playbooks/escalation-matrix.yaml");

const matrix = existsSync(matrixPath) ? loadMatrix(matrixPath, process.env, { placeholders: true }) : null;
if (!matrix) console.warn(`note: ${matrixPath} does not exist: matrix targets and services were not checked`);
else if (matrix.ok && matrix.placeholders.length > 0) {
  console.warn(
    `note: ${matrixPath}: ${matrix.placeholders.length} unset \${NAME} value(s) checked with a placeholder (this check pages nobody): ${matrix.placeholders.join(", ")}`,
  );
}
const check = checkPlaybooks({ dir, matrix: matrix?.ok ? matrix.matrix : null });
// imoc's own alert rules (the shipped ones when the shipped playbooks are checked): each links a
// playbook of this set, its runbook.
const rulesPath =
  process.argv[4] ?? (process.env.ALERT_RULES || (process.argv[2] ? null : "deploy/prometheus/alerts.yml"));
let rulesNote = "";
if (rulesPath && existsSync(rulesPath)) {
  const ids = new Set(check.playbooks.map((p) => p.id));
  const rules = parse(readFileSync(rulesPath, "utf8")) as { groups?: Array<{ rules?: unknown[] }> } | null;
  check.problems.push(...checkAlertRunbooks(rulesPath, rules, ids));
  const count = (rules?.groups ?? []).reduce((n, g) => n + (Array.isArray(g?.rules) ? g.rules.length : 0), 0);
  rulesNote = `; every rule of ${rulesPath} (${count}) links one`;
}
if (matrix && !matrix.ok) console.error(formatMatrixProblems(matrix.problems));
if (check.problems.length > 0) console.error(formatPlaybookProblems(check.problems));
if ((matrix && !matrix.ok) || check.problems.length > 0) process.exit(1);
console.log(
  `${check.playbooks.length} playbooks OK: ${check.playbooks.map((p) => p.id).join(", ")}${rulesNote}`,
);
