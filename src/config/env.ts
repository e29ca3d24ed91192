import { z } from "zod";
import { parseDuration } from "../domain/time/duration.js";
import { parseAuditKey } from "../adapters/custody/audit-key.js";
import { isTimeZone } from "../domain/time/time-zone.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Where the files are when the environment does not say (also used to check them when it is broken). */
export const FILE_DEFAULTS = {
  ESCALATION_MATRIX: "playbooks/escalation-matrix.yaml",
  PLAYBOOKS_DIR: "playbooks",
  DATABASE_PATH: "data/imoc.sqlite",
} as const;

const nonEmpty = (hint: string) => z.string({ error: hint }).trim().min(1, { error: hint });

const url = (hint: string) =>
  z
    .string()
    .trim()
    .refine((v) => URL.canParse(v), { error: hint });

/** Comma-separated Slack user group ids (`S0123ABCD`), as a list. */
const groupIds = (name: string) =>
  z
    .string()
    .trim()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.every((id) => /^S[A-Z0-9]+$/.test(id)), {
      error: `must be Slack user group ids separated by commas, e.g. S0123ABCD,S0456EFGH (find them in the group's URL); ${name} takes ids, not @handles`,
    });

/**
 * The environment, as DESIGN.md names it. Every problem is reported at once with what to write
 * instead; secret values are never echoed back.
 */
export const envSchema = z.object({
  SLACK_BOT_TOKEN: nonEmpty("set it to the app's Bot User OAuth Token (starts with xoxb-)").refine(
    (v) => v.startsWith("xoxb-"),
    { error: "must be a bot token starting with xoxb- (Slack app → OAuth & Permissions)" },
  ),
  SLACK_SIGNING_SECRET: nonEmpty("set it to the app's Signing Secret (Slack app → Basic Information)"),
  SLACK_APP_TOKEN: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || v.startsWith("xapp-"), {
      error:
        "must be an app-level token starting with xapp- (only for Socket Mode); leave it unset for HTTP mode",
    }),
  SLACK_API_URL: url("must be a URL such as https://slack.com/api/")
    .default("https://slack.com/api/")
    .transform((v) => (v.endsWith("/") ? v : `${v}/`)),
  INCIDENTS_CHANNEL: nonEmpty("set it to the channel id (e.g. C0123ABCD) where incidents are announced"),
  PORT: z.coerce
    .number({ error: "must be a port number such as 3000" })
    .int()
    .min(0)
    .max(65535, { error: "must be a port number between 0 and 65535" })
    .default(3000),
  REDIS_URL: url("must be a Redis URL such as redis://localhost:6379").default("redis://127.0.0.1:6379"),
  DATABASE_PATH: nonEmpty("set it to the SQLite file, e.g. ./data/imoc.sqlite").default(
    FILE_DEFAULTS.DATABASE_PATH,
  ),
  /** Set: the record lives in PostgreSQL (DATABASE_PATH is then only where evidence copies go). */
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => /^postgres(ql)?:\/\/[^/]+/.test(v) && URL.canParse(v), {
      error: "must be a PostgreSQL URL such as postgres://imoc:secret@db:5432/imoc (or unset for SQLite)",
    })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  ESCALATION_MATRIX: nonEmpty("path of the escalation matrix YAML file").default(
    FILE_DEFAULTS.ESCALATION_MATRIX,
  ),
  QUEUE_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]+$/, { error: "letters, digits, - and _ only, e.g. imoc" })
    .default("imoc"),
  PLAYBOOKS_DIR: nonEmpty("folder that holds the playbooks").default(FILE_DEFAULTS.PLAYBOOKS_DIR),
  PAGERDUTY_EVENTS_HOST: z
    .string()
    .trim()
    .default("events.pagerduty.com")
    .refine((v) => /^[a-z0-9.-]+(:\d+)?$/i.test(v), {
      error: "must be a host name (and optional :port) without https://, e.g. events.pagerduty.com",
    }),
  PAGERDUTY_API_URL: url("must be a URL such as https://api.pagerduty.com/").default(
    "https://api.pagerduty.com/",
  ),
  PAGERDUTY_API_TOKEN: z.string().trim().optional(),
  // How long one Events API request may take before it counts as a transient failure and is
  // retried (pdjs ignores its own requestTimeout); also bounds how long a hung PagerDuty holds a
  // worker slot. Tests shorten it to see a hang recover quickly.
  PAGERDUTY_TIMEOUT_MS: z.coerce
    .number({ error: "must be a number of milliseconds such as 10000" })
    .int()
    .min(100, { error: "must be at least 100 (milliseconds)" })
    .max(120_000, { error: "must be at most 120000 (milliseconds)" })
    .default(10_000),
  PUBLIC_URL: url("must be the bot's public base URL, such as https://imoc.example.com")
    .optional()
    .transform((v) => v?.replace(/\/+$/, "")),
  PAGERDUTY_WEBHOOK_SECRET: z.string().trim().optional(),
  API_TOKEN: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || v === "" || v.length >= 16, {
      error:
        "must be at least 16 characters (it guards the REST API); generate one with `openssl rand -hex 32`",
    }),
  API_TOKEN_RESTRICTED: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || v === "" || v.length >= 16, {
      error:
        "must be at least 16 characters; it is a second REST API token that cannot see security incidents",
    }),
  // issue 10: bearer token of POST /alerts/alertmanager (unset: that route answers 503).
  ALERTS_TOKEN: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || v === "" || v.length >= 16, {
      error:
        "must be at least 16 characters (it guards the alert intake); generate one with `openssl rand -hex 32`",
    }),
  WEEKLY_REVIEW_TZ: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || isTimeZone(v), {
      error: "must be an IANA time zone such as UTC or Europe/Berlin (unset: the matrix file's zone)",
    }),
  // Issue 11: how long a playbook owner has to update it after a review before a reminder (48h).
  PLAYBOOK_REVIEW_REMINDER: z
    .string()
    .trim()
    .default("48h")
    .transform((v) => parseDuration(v) ?? Number.NaN)
    .refine((v) => v > 0, { error: "must be a duration such as 48h, 90m or 30s" }),
  // The incident console (issue 12): how long a sign-in lasts, and the Slack user groups (ids
  // such as S0123ABCD, comma-separated) whose members are responders and admins; others view.
  CONSOLE_SESSION_HOURS: z.coerce
    .number({ error: "must be a number of hours such as 12" })
    .min(0.05, { error: "must be at least 0.05 (hours)" })
    .max(24 * 30, { error: "must be at most 720 (hours, 30 days)" })
    .default(12),
  CONSOLE_RESPONDER_GROUPS: groupIds("CONSOLE_RESPONDER_GROUPS"),
  CONSOLE_ADMIN_GROUPS: groupIds("CONSOLE_ADMIN_GROUPS"),
  // Chain of custody (issue 15). The key is never echoed: only what is wrong with it.
  AUDIT_SIGNING_KEY: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      if (!v?.trim()) return;
      try {
        parseAuditKey(v);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
      }
    }),
  EVIDENCE_DIR: z.string().trim().optional(),
  EVIDENCE_ALL: z
    .enum(["true", "false", "1", "0"], { error: "write true or false" })
    .optional()
    .transform((v) => v === "true" || v === "1"),
  // Tracing (optional): spans of declarations and pages go to this OTLP/HTTP collector, e.g.
  // http://otel-collector:4318; unset, nothing is started.
  OTEL_EXPORTER_OTLP_ENDPOINT: url(
    "must be the OTLP/HTTP collector's base URL, such as http://localhost:4318",
  )
    .optional()
    .transform((v) => v?.replace(/\/+$/, "")),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
});

export type Env = z.infer<typeof envSchema>;

export type EnvResult = { ok: true; env: Env } | { ok: false; problems: string[] };

export function parseEnv(source: Record<string, string | undefined>): EnvResult {
  // Empty strings in .env files mean "not set", so defaults apply.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return { ok: true, env: result.data };
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const message =
      issue.code === "invalid_type" && cleaned[name] === undefined
        ? `is missing: ${issue.message}`
        : issue.message;
    return `${name} ${message}`;
  });
  return { ok: false, problems };
}
