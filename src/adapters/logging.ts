import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import pino from "pino";
import { contextFields } from "./observability/context.js";

/** Paths pino must never print: tokens and secrets may ride along in errors and configs. */
const SECRET_VARIABLES = [
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "PAGERDUTY_API_TOKEN",
  "PAGERDUTY_WEBHOOK_SECRET",
  "API_TOKEN",
  "API_TOKEN_RESTRICTED",
  "AUDIT_SIGNING_KEY",
  "ALERTS_TOKEN",
];

const REDACT = [
  "token",
  "*.token",
  "headers.authorization",
  "*.headers.authorization",
  // The secret variables, on their own or inside a logged config (`{ env: {...} }`).
  ...SECRET_VARIABLES.flatMap((name) => [name, `*.${name}`]),
  "routing_key",
  "*.routing_key",
  "routingKey",
  "*.routingKey",
  // Requests and HTTP client errors (axios under the Slack client) carry credentials in headers.
  "headers.Authorization",
  "*.headers.Authorization",
  "*.*.headers.authorization",
  "*.*.headers.Authorization",
  // A Slack client network error keeps its request under err.original.config.headers.
  "*.*.*.headers.authorization",
  "*.*.*.headers.Authorization",
  'headers["x-slack-signature"]',
  '*.headers["x-slack-signature"]',
  'headers["x-pagerduty-signature"]',
  '*.headers["x-pagerduty-signature"]',
  "headers.cookie",
  "*.headers.cookie",
  "signingSecret",
  "*.signingSecret",
  "secret",
  "*.secret",
];

/** JSON lines; inside a request or job each carries `correlation_id` and, once known, `incident`. */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: "[redacted]" },
      base: { app: "imoc" },
      // The correlation id (and incident) of the request or job this line belongs to.
      mixin: contextFields,
    },
    destination,
  );
}

/** Bolt's logger interface on top of pino, so Bolt's own messages are JSON lines like ours. */
export function boltLogger(logger: pino.Logger): BoltLogger {
  const child = logger.child({ component: "bolt" });
  let level = LogLevel.INFO;
  const text = (args: unknown[]) =>
    args.map((a) => (a instanceof Error ? a.stack : typeof a === "string" ? a : JSON.stringify(a))).join(" ");
  return {
    debug: (...args) => child.debug(text(args)),
    info: (...args) => child.info(text(args)),
    warn: (...args) => child.warn(text(args)),
    error: (...args) => child.error(text(args)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
