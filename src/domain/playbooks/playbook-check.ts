import type { EscalationMatrix } from "../escalation/escalation-matrix.js";
import { routeAlertName } from "../alerts/alert-routing.js";
import type { Playbook } from "./playbook.js";

/** One thing to fix, named the way the person editing the file will look for it. */
export interface PlaybookProblem {
  file: string;
  field: string;
  message: string;
}

/** What the quality gates need from the escalation matrix: who gets paged, which services exist. */
export type MatrixCoverage = Pick<EscalationMatrix, "source" | "policies" | "services" | "alerts">;

const normalise = (s: string) => s.trim().toLowerCase().replace(/^@/, "");

/**
 * The handbook's quality gates over a parsed set: no owner without a backup who is someone else,
 * ids unique, and no alert without a runbook (every target a policy pages, and every service the
 * matrix names, is covered). Field problems (missing owner, bad link, unknown severity) are found
 * earlier, by the schema.
 */
export function checkPlaybookSet(
  playbooks: readonly Playbook[],
  matrix: MatrixCoverage | null,
): PlaybookProblem[] {
  const problems: PlaybookProblem[] = [];
  const byId = new Map<string, Playbook>();
  for (const p of playbooks) {
    if (normalise(p.owner) === normalise(p.backup)) {
      problems.push({
        file: p.file,
        field: "backup",
        message: `is the owner (${p.owner}); name a trained backup who is someone else`,
      });
    }
    const first = byId.get(p.id);
    if (first) {
      problems.push({ file: p.file, field: "id", message: `"${p.id}" is already used by ${first.file}` });
    } else byId.set(p.id, p);
  }
  if (!matrix) return problems;
  const coveredTargets = new Set(playbooks.flatMap((p) => p.targets.map(normalise)));
  const coveredServices = new Set(playbooks.flatMap((p) => p.services.map(normalise)));
  const paged = Object.values(matrix.policies).flatMap((p) => p.steps.map((s) => s.target));
  for (const target of new Set(paged)) {
    if (!coveredTargets.has(normalise(target))) {
      problems.push({
        file: matrix.source,
        field: `targets.${target}`,
        message: `target "${target}" has no playbook; add it to the \`targets\` of the playbook its alerts need`,
      });
    }
  }
  for (const service of new Set(matrix.services)) {
    if (!coveredServices.has(normalise(service))) {
      problems.push({
        file: matrix.source,
        field: `services.${service}`,
        message: `service "${service}" has no playbook; add it to the \`services\` of a playbook`,
      });
    }
  }
  problems.push(...alertRouteProblems(playbooks, matrix));
  return problems;
}

/**
 * "No alert without a runbook": a route that names a playbook needs it to exist; one that does
 * not needs an exact `alertname` that some playbook's `alerts` lists (a regex or a PagerDuty
 * service can produce any name, so those routes must name their playbook).
 */
function alertRouteProblems(playbooks: readonly Playbook[], matrix: MatrixCoverage): PlaybookProblem[] {
  const ids = new Set(playbooks.map((p) => p.id));
  const answered = new Set(playbooks.flatMap((p) => (p.alerts ?? []).map(normalise)));
  return (matrix.alerts?.routes ?? []).flatMap((route): PlaybookProblem[] => {
    const field = `alerts.routes (${route.name})`;
    if (route.playbook) {
      return ids.has(route.playbook)
        ? []
        : [
            {
              file: matrix.source,
              field,
              message: `names playbook "${route.playbook}", which does not exist`,
            },
          ];
    }
    const name = routeAlertName(route);
    if (name === null) {
      return [
        {
          file: matrix.source,
          field,
          message:
            "can produce alerts no playbook answers; give the route a `playbook:` or match an exact alertname that a playbook lists in `alerts:`",
        },
      ];
    }
    return answered.has(normalise(name))
      ? []
      : [
          {
            file: matrix.source,
            field,
            message: `alert "${name}" has no playbook; add it to the \`alerts\` of a playbook (or give the route a \`playbook:\`)`,
          },
        ];
  });
}

export function formatPlaybookProblems(problems: readonly PlaybookProblem[]): string {
  return [
    `${problems.length} playbook problem${problems.length === 1 ? "" : "s"}:`,
    ...problems.map((p) => `  - ${p.file}: ${p.field} ${p.message}`),
  ].join("\n");
}
