import { createServer, type Server } from "node:http";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import { Redis } from "ioredis";
import type pino from "pino";
import type { EscalationDeps } from "./app/escalation-deps.js";
import { escalationObserver } from "./app/escalation/escalation-observer.js";
import { resumeEscalations } from "./app/escalation/plan-escalation.js";
import { postWeeklyReview } from "./app/review/post-weekly-review.js";
import type { TimelineDeps } from "./app/timeline-deps.js";
import { type Env, formatEnvProblems, parseEnv } from "./config/env.js";
import { loadMatrix, MatrixError } from "./config/matrix.js";
import { loadTemplates } from "./config/templates.js";
import { openDatabase } from "./adapters/db/client.js";
import { createSqliteEscalationStore } from "./adapters/db/sqlite-escalation-store.js";
import { createSqliteStores } from "./adapters/db/sqlite-incident-store.js";
import { createSqliteTimelineLog } from "./adapters/db/sqlite-timeline-log.js";
import { mountApiRoutes } from "./adapters/http/api/api-routes.js";
import { mountHealthRoutes } from "./adapters/http/health-routes.js";
import { mountMetricsRoute } from "./adapters/http/metrics-routes.js";
import { startWeeklyReview } from "./adapters/queue/weekly-review-scheduler.js";
import { createLogger } from "./adapters/logging.js";
import { createPdjsPager } from "./adapters/pagerduty/pdjs-pager.js";
import { mountPagerDutyWebhook } from "./adapters/pagerduty/webhook-route.js";
import { createBullmqScheduler } from "./adapters/queue/bullmq-scheduler.js";
import { startTimersWorker } from "./adapters/queue/timers-worker.js";
import { slackIncidentMessages } from "./adapters/slack/blocks/incident-messages.js";
import { pageMessage } from "./adapters/slack/blocks/page-message.js";
import { createSlackApp } from "./adapters/slack/slack-app.js";
import { createSlackChat } from "./adapters/slack/slack-chat.js";
import { createSlackMessageSource } from "./adapters/slack/slack-message-source.js";
import { createSlackTargetDirectory } from "./adapters/slack/slack-target-directory.js";
import { systemClock } from "./ports/clock.js";
import { wirePlaybooks } from "./wire-playbooks.js";
import { withOnCall } from "./adapters/pagerduty/with-on-call.js";

export interface RunningBot {
  url: string;
  port: number;
  deps: EscalationDeps & TimelineDeps;
  stop(): Promise<void>;
}

/** The composition root: the only place that knows every adapter. */
export async function startBot(
  env: Env,
  logger: pino.Logger = createLogger(env.LOG_LEVEL),
  /** Where the matrix's `${NAME}` values come from (the process environment unless a test says). */
  vars: Record<string, string | undefined> = process.env,
): Promise<RunningBot> {
  const clock = systemClock;
  // Config first: a broken matrix or template stops start-up before anything is opened.
  const matrix = loadMatrix(env.ESCALATION_MATRIX, vars);
  if (!matrix.ok) throw new MatrixError(matrix.problems);
  const templates = loadTemplates(env.PLAYBOOKS_DIR);
  const database = openDatabase(env.DATABASE_PATH);
  const stores = createSqliteStores(database.db, clock);
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
  const stoppers: Array<() => Promise<void> | void> = [() => database.close()];
  try {
    await redis.connect();
    stoppers.unshift(async () => void (await redis.quit()));

    const http = express();
    http.disable("x-powered-by");
    // Refuses to start on a broken playbook set, naming file and field.
    let baseUrl = env.PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`;
    const extras = wirePlaybooks({
      env,
      db: database.db,
      timeline: stores.timeline,
      clock,
      logger,
      baseUrl: () => baseUrl,
    });
    const scheduler = createBullmqScheduler(redis, env.QUEUE_PREFIX);
    stoppers.unshift(() => scheduler.close());
    const deps: EscalationDeps & TimelineDeps = {
      incidents: stores.incidents,
      timeline: stores.timeline,
      chat: null as never, // set below, once the Slack client exists
      clock,
      messages: slackIncidentMessages,
      observers: [],
      logger,
      incidentsChannel: env.INCIDENTS_CHANNEL,
      ...extras.deps,
      log: createSqliteTimelineLog(database.db, clock),
      messageSource: null as never, // set below, with chat
      matrix: matrix.matrix,
      escalations: createSqliteEscalationStore(database.db, stores.timeline),
      pager: createPdjsPager({ server: env.PAGERDUTY_EVENTS_HOST, logger }),
      scheduler,
      targets: null as never, // set below, with the Slack client
      templates,
      pageMessage,
    };
    deps.observers.push(escalationObserver(deps), ...extras.observers(deps));
    const slack = createSlackApp({
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
      http,
      logger,
      context: { deps, escalation: deps, timeline: deps },
    });
    deps.chat = createSlackChat(slack.client);
    extras.mount(http, deps);
    // Escalation steps invite whoever PagerDuty says is on call, besides the matrix's Slack users.
    deps.messageSource = createSlackMessageSource(slack.client);
    deps.targets = withOnCall(createSlackTargetDirectory(slack.client), deps.onCall);
    // Fail at start-up, with Slack's own reason, rather than at the first incident.
    const auth = await slack.client.auth.test().catch((error: unknown) => {
      throw new Error(`Slack rejected SLACK_BOT_TOKEN (auth.test): ${(error as Error).message}`);
    });
    logger.info({ team: auth.team, botUser: auth.user_id }, "connected to Slack");

    mountHealthRoutes(http, {
      database: () => void database.sqlite.prepare("select 1").get(),
      redis: async () => {
        await redis.ping();
      },
    });

    mountMetricsRoute(http, { incidents: stores.incidents, startedAt: clock.now(), now: () => clock.now() });
    mountApiRoutes(http, deps, {
      full: env.API_TOKEN || undefined,
      restricted: env.API_TOKEN_RESTRICTED || undefined,
    });
    mountPagerDutyWebhook(http, { secret: env.PAGERDUTY_WEBHOOK_SECRET, deps });
    // Timers live in Redis; the plan in SQLite. Re-adding pending steps fills any gap a crash left.
    const resumed = await resumeEscalations(deps);
    const worker = startTimersWorker(redis, env.QUEUE_PREFIX, deps);
    stoppers.unshift(() => worker.close());
    logger.info({ resumed, matrix: env.ESCALATION_MATRIX }, "escalation timers running");

    // Monday 09:00 in the matrix file's business-hours zone, unless WEEKLY_REVIEW_TZ overrides it.
    const reviewZone = env.WEEKLY_REVIEW_TZ ?? matrix.matrix.businessHours.timeZone;
    const weekly = await startWeeklyReview({
      redisUrl: env.REDIS_URL,
      prefix: env.QUEUE_PREFIX,
      timeZone: reviewZone,
      run: async (at) => void (await postWeeklyReview(deps, at, reviewZone)),
    });
    stoppers.unshift(() => weekly.close());

    if (env.SLACK_APP_TOKEN) {
      await slack.start();
      stoppers.unshift(async () => void (await slack.stop()));
    }
    const server = createServer(http);
    await new Promise<void>((ok, fail) => {
      server.once("error", fail);
      server.listen(env.PORT, ok);
    });
    stoppers.unshift(() => closeServer(server));
    const port = (server.address() as { port: number }).port;
    if (!env.PUBLIC_URL) baseUrl = `http://127.0.0.1:${port}`;
    logger.info(
      { port, mode: env.SLACK_APP_TOKEN ? "socket" : "http", database: resolve(env.DATABASE_PATH) },
      "imoc is up",
    );

    let stopped = false;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      deps,
      async stop() {
        if (stopped) return;
        stopped = true;
        await runStoppers(stoppers);
      },
    };
  } catch (error) {
    await runStoppers(stoppers);
    throw error;
  }
}

async function runStoppers(stoppers: Array<() => Promise<void> | void>): Promise<void> {
  for (const stop of stoppers) {
    try {
      await stop();
    } catch {
      // keep stopping the rest: a half-stopped bot must not hold the port or the database
    }
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.close(() => ok());
    server.closeAllConnections();
  });
}

async function main(): Promise<void> {
  const parsed = parseEnv(process.env);
  if (!parsed.ok) {
    console.error(formatEnvProblems(parsed.problems));
    process.exit(1);
  }
  const logger = createLogger(parsed.env.LOG_LEVEL);
  let bot: RunningBot;
  try {
    bot = await startBot(parsed.env, logger);
  } catch (error) {
    logger.fatal({ err: error }, "imoc could not start");
    console.error(`imoc could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, "stopping");
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
