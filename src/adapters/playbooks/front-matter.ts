import { z } from "zod";
import { SEVERITIES } from "../../domain/incident/severity.js";

const PERSON = /^(U[A-Z0-9]{2,}|W[A-Z0-9]{2,}|@[A-Za-z0-9][A-Za-z0-9._-]*)$/;
const person = (role: string) =>
  z
    .string({ error: `is missing: name the ${role} as a Slack user id (U0123ABCD) or handle (@dana)` })
    .trim()
    .min(1, {
      error: `is empty: name the ${role} as a Slack user id (U0123ABCD) or handle (@dana)`,
      abort: true,
    })
    .regex(PERSON, { error: `must be a Slack user id (U0123ABCD) or a handle (@dana)` });

const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const LINK_KINDS = ["dashboard", "logs", "traces", "runbook", "docs", "status"] as const;
const SEVERITY_VALUES = [...SEVERITIES, "security"] as const;

/** Front matter of `playbooks/<file>.md`, as people write it (snake_case YAML). */
export const frontMatterSchema = z.object({
  id: z
    .string({ error: "is missing: a short kebab-case id such as api-outage" })
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "must be kebab-case (lowercase letters, digits, -)" }),
  title: z.string({ error: "is missing" }).trim().min(1, { error: "is empty" }),
  owner: person("owner"),
  backup: person("trained backup"),
  services: z.array(text).default([]),
  keywords: z.array(text).default([]),
  targets: z.array(text).default([]),
  severities: z
    .array(
      z.enum(SEVERITY_VALUES, {
        error: (issue) => `"${String(issue.input)}" is not a severity; use ${SEVERITY_VALUES.join(", ")}`,
      }),
    )
    .min(1, { error: "list at least one severity" }),
  links: z
    .array(
      z.object({
        title: z.string({ error: "is missing" }).trim().min(1),
        url: z
          .string({ error: "is missing" })
          .trim()
          .refine((v) => /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(v) && URL.canParse(v), {
            error: (issue) => `"${String(issue.input)}" is not a link; write a full http(s):// URL`,
          }),
        kind: z.enum(LINK_KINDS, { error: `must be one of ${LINK_KINDS.join(", ")}` }).default("docs"),
      }),
    )
    .default([]),
  escalation_triggers: z.array(text).default([]),
  /** Alert names (Alertmanager's `alertname`) this playbook answers (issue 10). */
  alerts: z.array(text).default([]),
  last_drilled: z
    .union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date like 2026-11-02" })])
    .nullish()
    .transform((v) => (v == null ? null : v instanceof Date ? v : new Date(`${v}T00:00:00Z`))),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;
