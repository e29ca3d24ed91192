import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import type { EscalationMatrix } from "../domain/escalation/escalation-matrix.js";
import { alertsProblems } from "./matrix-alerts.js";
import { toMatrix } from "./matrix-convert.js";
import { type MatrixFile, matrixSchema, PLACEHOLDER, PLACEHOLDERS } from "./matrix-schema.js";

export type MatrixResult =
  | {
      ok: true;
      matrix: EscalationMatrix;
      /** Unset variables that got a placeholder (only with `placeholders: true`). */
      placeholders: string[];
    }
  | { ok: false; problems: string[] };

export interface MatrixOptions {
  /**
   * For checks that page nobody (`npm run playbooks:check` in CI): an unset `${NAME}` gets a
   * placeholder of the right shape instead of being a problem. The bot never sets this.
   */
  placeholders?: boolean;
}

type Path = ReadonlyArray<PropertyKey>;
const pathText = (path: Path) =>
  path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    "",
  ) || "(top level)";

interface Fill {
  env: Record<string, string | undefined>;
  placeholders: boolean;
  filled: Set<string>;
  problems: string[];
}

/**
 * Replaces `${NAME}` in string values with the environment's value. Done on the parsed tree (not
 * the text) so a missing variable is reported with its path in the file.
 */
function interpolate(node: unknown, fill: Fill, path: Path): unknown {
  if (typeof node === "string") {
    // `${NAME:-default}` (as in a shell) makes the value optional: unset gives the default.
    return node.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}/g,
      (_, name: string, optional, fallback) => {
        const value = fill.env[name];
        if (value !== undefined && value !== "") return value;
        if (optional) return String(fallback ?? "");
        if (fill.placeholders) {
          fill.filled.add(name);
          const field = [...path].reverse().find((key) => typeof key === "string");
          return PLACEHOLDERS[String(field)] ?? PLACEHOLDER;
        }
        fill.problems.push(
          `${pathText(path)}: \${${name}} is not set; set ${name} in the environment (or write the value in the file)`,
        );
        return "";
      },
    );
  }
  if (Array.isArray(node)) return node.map((v, i) => interpolate(v, fill, [...path, i]));
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolate(v, fill, [...path, k])]));
  }
  return node;
}

export function parseMatrix(
  text: string,
  source: string,
  env: Record<string, string | undefined>,
  options: MatrixOptions = {},
): MatrixResult {
  const fail = (problems: string[]): MatrixResult => ({
    ok: false,
    problems: problems.map((p) => `${source}: ${p}`),
  });
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    return fail([`is not valid YAML: ${(error as Error).message.split("\n")[0]}`]);
  }
  const fill: Fill = { env, placeholders: options.placeholders ?? false, filled: new Set(), problems: [] };
  const filled = interpolate(raw, fill, []);
  if (fill.problems.length) return fail(fill.problems);
  const parsed = matrixSchema.safeParse(filled);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => issueText(i)));
  const crossProblems = crossCheck(parsed.data);
  if (crossProblems.length) return fail(crossProblems);
  return { ok: true, matrix: toMatrix(parsed.data, source), placeholders: [...fill.filled] };
}

export function loadMatrix(
  path: string,
  env: Record<string, string | undefined>,
  options: MatrixOptions = {},
): MatrixResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    return {
      ok: false,
      problems: [`${path}: cannot read the escalation matrix (${code}); set ESCALATION_MATRIX to its path`],
    };
  }
  return parseMatrix(text, path, env, options);
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `${pathText(issue.path)}: unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}; check the spelling against README "Escalation matrix"`;
  }
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return `${pathText(issue.path)}: is missing (${issue.message})`;
  }
  return `${pathText(issue.path)}: ${issue.message}`;
}

function crossCheck(file: MatrixFile): string[] {
  const problems: string[] = [];
  const targets = Object.keys(file.targets);
  const audiences = Object.keys(file.comms);
  for (const [name, policy] of Object.entries(file.policies)) {
    policy.steps.forEach((step, i) => {
      if (!file.targets[step.target]) {
        problems.push(
          `policies.${name}.steps[${i}].target: unknown target "${step.target}"; write one of ${targets.join(", ") || "(define targets: first)"}`,
        );
      }
    });
    const lists: Array<[string, string[] | undefined]> = [
      ["status_updates.to", policy.status_updates?.to],
      ["sla_breach.notify", policy.sla_breach?.notify],
      ["customer_reports.notify", policy.customer_reports?.notify],
      ["compliance.notify", policy.compliance?.notify],
    ];
    for (const [where, list] of lists) {
      list?.forEach((audience, i) => {
        if (!file.comms[audience]) {
          problems.push(
            `policies.${name}.${where}[${i}]: unknown comms audience "${audience}"; write one of ${audiences.join(", ") || "(define comms: first)"}`,
          );
        }
      });
    }
    if (policy.status_updates && policy.status_updates.every < 1000) {
      problems.push(`policies.${name}.status_updates.every: must be at least 1s, e.g. "15m"`);
    }
  }
  for (const [id, target] of Object.entries(file.targets)) {
    if (!target.pagerduty && target.slack.users.length === 0 && target.slack.usergroups.length === 0) {
      problems.push(
        `targets.${id}: reaches nobody; give it pagerduty.routing_key and/or slack.users / slack.usergroups`,
      );
    }
  }
  if (file.policies.security.business_hours_only) {
    problems.push(
      "policies.security.business_hours_only: the security duty officer and legal are paged at once whatever the severity; remove this key",
    );
  }
  problems.push(...alertsProblems(file.alerts));
  if (file.business_hours.end <= file.business_hours.start) {
    problems.push('business_hours.end: must be later than start, e.g. start: "09:00", end: "17:00"');
  }
  return problems;
}

/** For `npm run playbooks:check`; the bot reports these among all its problems (load-config.ts). */
export function formatMatrixProblems(problems: string[]): string {
  return [
    `the escalation matrix has ${problems.length} problem${problems.length === 1 ? "" : "s"}`,
    ...problems.map((p) => `  - ${p}`),
    'The format is described in README.md, section "Escalation matrix".',
  ].join("\n");
}
