import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import type pino from "pino";
import { createLogger } from "../../src/adapters/logging.js";
import { type Config, loadConfig } from "../../src/config/load-config.js";
import { type RunningBot, startBot } from "../../src/main.js";
import type { Clock } from "../../src/ports/clock.js";
import { freePort } from "./free-port.js";
import { type PagerDutyFake, startPagerDutyFake } from "./pagerduty-fake.js";
import type { TestRedis } from "./redis.js";
import { startSlackFake, type SlackFake } from "./slack-fake.js";
import { createTmpDb, type TmpDb } from "./tmp-db.js";
import { formatUnexpectedErrors } from "./unexpected-errors.js";
import { waitFor } from "./wait-for.js";

export const BOT_TOKEN = "xoxb-test-token";
export const SIGNING_SECRET = "test-signing-secret";
/** A matrix that pages nobody, for tests that are not about escalation. */
export const QUIET_MATRIX = resolve(import.meta.dirname, "../fixtures/matrix/quiet.yaml");

/** The environment a bot under test gets: real Redis and SQLite, Slack at the fake. */
export function testEnv(
  parts: { slack: SlackFake; redis: TestRedis; db: TmpDb },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: parts.slack.apiUrl,
    INCIDENTS_CHANNEL: "CINCIDENTS",
    PORT: "0",
    REDIS_URL: parts.redis.url,
    DATABASE_PATH: parts.db.path,
    LOG_LEVEL: "silent",
    ESCALATION_MATRIX: QUIET_MATRIX,
    // Timers of one test run never meet another's, even on a shared REDIS_URL.
    QUEUE_PREFIX: `imoc-test-${Math.random().toString(36).slice(2, 10)}`,
    ...extra,
  };
}

/** Points the bot's PagerDuty REST and Events API at the fake (`pd`), with the fake's token. */
export function pagerDutyEnv(pd: {
  apiUrl: string;
  apiToken: string;
  eventsHost: string;
}): Record<string, string> {
  return {
    PAGERDUTY_API_URL: pd.apiUrl,
    PAGERDUTY_API_TOKEN: pd.apiToken,
    PAGERDUTY_EVENTS_HOST: pd.eventsHost,
  };
}

function toConfig(vars: Record<string, string>): Config {
  const loaded = loadConfig(vars);
  if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
  return loaded.config;
}

export interface Harness {
  slack: SlackFake;
  /** Started with `{ pagerDuty: true }`; PAGERDUTY_EVENTS_HOST points at it. */
  pd: PagerDutyFake | null;
  redis: TestRedis;
  db: TmpDb;
  bot: RunningBot;
  vars: Record<string, string>;
  /** Stops the bot, runs `between` (e.g. a Redis restart), starts it again on the same record. */
  restart(between?: () => Promise<void>): Promise<RunningBot>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Start the PagerDuty fake too. */
  pagerDuty?: boolean;
  /** Extra variables computed from the fakes (e.g. channel ids the harness's Slack fake created). */
  vars?: (fakes: { slack: SlackFake; pd: PagerDutyFake | null }) => Record<string, string>;
  /** The bot's clock (default the system clock), to pin the date where a test depends on it. */
  clock?: Clock;
  /** Slack errors every test of the file may provoke (see `SlackFakeOptions.allowErrors`). */
  allowSlackErrors?: readonly string[];
  /** A private Redis (e.g. `startRestartableRedis()`) instead of the run's shared one; stopped with the harness. */
  redis?: TestRedis;
  /** The bot's logger (default silent), e.g. `createLogger("debug", stream)` to read its log lines. */
  logger?: pino.Logger;
}

/**
 * A bot started in this process, with its own SQLite file, Slack fake and queue prefix on the
 * run's shared Redis. `stop()` fails when a fake answered an error nobody expected after the last
 * test's check.
 */
export async function startHarness(
  extra: Record<string, string> = {},
  options: HarnessOptions = {},
): Promise<Harness> {
  // Imported here: scripts/demo.ts uses this module outside vitest, where `inject` is unavailable.
  const { sharedRedis } = await import("./shared-redis.js");
  const [slack, redis, pd] = await Promise.all([
    startSlackFake({ token: BOT_TOKEN, allowErrors: options.allowSlackErrors }),
    options.redis ?? sharedRedis(),
    options.pagerDuty ? startPagerDutyFake() : Promise.resolve(null),
  ]);
  const db = createTmpDb();
  const vars = testEnv(
    { slack, redis, db },
    {
      ...(pd ? { PAGERDUTY_EVENTS_HOST: pd.eventsHost } : {}),
      ...options.vars?.({ slack, pd }),
      ...extra,
    },
  );
  const harness: Harness = {
    slack,
    pd,
    redis,
    db,
    vars,
    bot: await startBot(toConfig(vars), options.logger ?? createLogger("silent"), { clock: options.clock }),
    async restart(between) {
      await harness.bot.stop();
      await between?.();
      harness.bot = await startBot(toConfig(vars), options.logger ?? createLogger("silent"), {
        clock: options.clock,
      });
      return harness.bot;
    },
    async stop() {
      await harness.bot.stop();
      const late = [...slack.unexpectedErrors, ...(pd?.unexpectedErrors ?? [])];
      await Promise.all([slack.close(), redis.stop(), pd?.close()]);
      db.remove();
      if (late.length > 0) throw new Error(`after the last test: ${formatUnexpectedErrors(late)}`);
    },
  };
  return harness;
}

export interface BotProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait; SIGKILL is `child.kill("SIGKILL")`. */
  stop(): Promise<void>;
}

/** The bot as its own process (`src/main.ts`), as `npm start` runs it, for restart and crash tests. */
export async function startBotProcess(vars: Record<string, string>): Promise<BotProcess> {
  const port = vars.PORT && vars.PORT !== "0" ? Number(vars.PORT) : await freePort();
  const root = resolve(import.meta.dirname, "../..");
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      ...vars,
      PORT: String(port),
      NODE_EXTRA_CA_CERTS: resolve(root, "test/support/tls/ca.pem"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`bot exited with ${child.exitCode}`);
      const res = await fetch(`${url}/healthz`).catch(() => null);
      return res?.ok;
    },
    { timeoutMs: 20_000, intervalMs: 100, describe: () => `bot output:\n${output}` },
  );
  return {
    url,
    child,
    output: () => output,
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok();
        child.once("exit", () => ok());
        child.kill("SIGTERM");
      }),
  };
}
