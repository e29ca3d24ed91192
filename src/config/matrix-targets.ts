import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/**
 * The slice of the escalation matrix this module reads: target names, their PagerDuty schedule or
 * escalation policy, the targets the policies name, and services. Tolerant of every other field,
 * so the full matrix loader (config/matrix.ts) can replace it without changing the file.
 */
export interface MatrixTarget {
  /** The id steps refer to: the key in the `targets:` map (or `name` in a list). */
  name: string;
  /** Display name, e.g. "Primary on-call". */
  label?: string;
  pagerduty?: { schedule_id?: string; escalation_policy_id?: string };
}

export interface MatrixTargets {
  targets: MatrixTarget[];
  /** Target names the policies' steps page; all targets when the file has no policies. */
  referenced: string[];
  services: string[];
}

const targetSchema = z
  .object({
    name: z.string().min(1),
    services: z.array(z.string()).optional(),
    pagerduty: z
      .object({ schedule_id: z.string().optional(), escalation_policy_id: z.string().optional() })
      .loose()
      .optional(),
  })
  .loose();

const matrixSchema = z
  .object({
    targets: z.union([z.array(targetSchema), z.record(z.string(), targetSchema.partial({ name: true }))]),
    services: z.array(z.union([z.string(), z.object({ name: z.string() }).loose()])).optional(),
    policies: z.unknown().optional(),
  })
  .loose();

/** Every `target:` value or `targets:` list anywhere under the policies. */
function stepTargets(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) stepTargets(item, out);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "target" && typeof value === "string") out.add(value);
      else if (key === "targets" && Array.isArray(value))
        for (const v of value)
          if (typeof v === "string") out.add(v);
          else stepTargets(value, out);
    }
  }
}

export type MatrixTargetsResult =
  | { ok: true; matrix: MatrixTargets }
  | { ok: false; missing: boolean; problem: string };

export function readMatrixTargets(path: string): MatrixTargetsResult {
  if (!existsSync(path)) return { ok: false, missing: true, problem: `${path} does not exist` };
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, "utf8"));
  } catch (error) {
    return { ok: false, missing: false, problem: `${path} is not valid YAML: ${(error as Error).message}` };
  }
  const parsed = matrixSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, missing: false, problem: `${path}: ${issue?.path.join(".")} ${issue?.message}` };
  }
  const targets: MatrixTarget[] = Array.isArray(parsed.data.targets)
    ? parsed.data.targets
    : Object.entries(parsed.data.targets).map(([id, t]) => ({ ...t, name: id, label: t.name ?? id }));
  const referenced = new Set<string>();
  stepTargets(parsed.data.policies, referenced);
  const services = new Set<string>();
  for (const s of parsed.data.services ?? []) services.add(typeof s === "string" ? s : s.name);
  for (const t of targets) for (const s of (t as { services?: string[] }).services ?? []) services.add(s);
  return {
    ok: true,
    matrix: {
      targets,
      referenced: referenced.size > 0 ? [...referenced] : targets.map((t) => t.name),
      services: [...services],
    },
  };
}
