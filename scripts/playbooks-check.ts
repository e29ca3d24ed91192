/**
 * `npm run playbooks:check`: the handbook's quality gates over `PLAYBOOKS_DIR` and the escalation
 * matrix (`ESCALATION_MATRIX`). Prints every problem with file and field; exits 1 if there is one.
 */
import { checkPlaybooks } from "../src/adapters/playbooks/check-playbooks.js";
import { formatPlaybookProblems } from "../src/domain/playbooks/playbook-check.js";

const dir = process.argv[2] ?? (process.env.PLAYBOOKS_DIR || "playbooks");
const matrixPath = process.argv[3] ?? (process.env.ESCALATION_MATRIX || "playbooks/escalation-matrix.yaml");
const check = checkPlaybooks({ dir, matrixPath });
for (const note of check.notes) console.warn(`note: ${note}`);
if (check.problems.length > 0) {
  console.error(formatPlaybookProblems(check.problems));
  process.exit(1);
}
console.log(`${check.playbooks.length} playbooks OK: ${check.playbooks.map((p) => p.id).join(", ")}`);
