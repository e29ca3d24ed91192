import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import { Redis } from "ioredis";
import type pino from "pino";
import type { Deps } from "./app/deps.js";
import { startEscalation, replanEscalation } from "./app/escalation/start-escalation.js";
import { resumeEscalations } from "./app/escalation/plan-escalation.js";
import { stopEscalation } from "./app/escalation/stop-escalation.js";
import { forwardStatusUpdate } from "./app/comms/status-updates.js";
import { createEventBus } from "./app/events.js";
import { reportDrill } from "./app/playbooks/drill-report.js";
import { latestDrill, linkMatchingPlaybooks } from "./app/playbooks/link-playbooks.js";
import { linkPlaybooksOnDeclare } from "./app/playbooks/link-playbooks-on-declare.js";
import { postWeeklyReview } from "./app/review/post-weekly-review.js";
import { type Config, formatConfigProblems, loadConfig } from "./config/load-config.js";
import { BOT_ACTOR } from "./domain/timeline/timeline-event.js";
import { openDatabase } from "./adapters/db/client.js";
import { createSqliteEscalationStore } from "./adapters/db/sqlite-escalation-store.js";
import { createSqliteStores } from "./adapters/db/sqlite-incident-store.js";
import { createSqliteRoleStores } from "./adapters/db/sqlite-role-store.js";
import { createSqliteTimelineLog } from "./adapters/db/sqlite-timeline-log.js";
import { apiRouter } from "./adapters/http/api/api-routes.js";
import { healthRouter } from "./adapters/http/health-routes.js";
import { metricsRouter } from "./adapters/http/metrics-routes.js";
import { playbookRouter } from "./adapters/http/playbook-routes.js";
import { createStopStack, listen } from "./adapters/lifecycle.js";
import { createLogger } from "./adapters/logging.js";
import { createPagerDutyOnCallDirectory } from "./adapters/pagerduty/pd-on-call-directory.js";
import { createPdjsPager } from "./adapters/pagerduty/pdjs-pager.js";
import { pagerDutyWebhookRouter } from "./adapters/pagerduty/webhook-route.js";
import { withOnCall } from "./adapters/pagerduty/with-on-call.js";
import { createPlaybookLibrary } from "./adapters/playbooks/playbook-library.js";
import { createBullmqScheduler } from "./adapters/queue/bullmq-scheduler.js";
import { startTimersWorker } from "./adapters/queue/timers-worker.js";
import { startWeeklyReview } from "./adapters/queue/weekly-review-scheduler.js";
import { slackEscalationMessages } from "./adapters/slack/blocks/escalation-messages.js";
import { slackIncidentMessages } from "./adapters/slack/blocks/incident-messages.js";
import { pageMessage } from "./adapters/slack/blocks/page-message.js";
import { createSlackApp, createSlackClient, checkSlackToken } from "./adapters/slack/slack-app.js";
import { createSlackChat } from "./adapters/slack/slack-chat.js";
import { createSlackMessageSource } from "./adapters/slack/slack-message-source.js";
import { createSlackTargetDirectory } from "./adapters/slack/slack-target-directory.js";
import { systemClock } from "./ports/clock.js";

export interface RunningBot {
  url: string;
  port: number;
  deps: Deps;
  stop(): Promise<void>;
}

/** The composition root: the only place that knows every adapter. `config` is checked already. */
export async function startBot(
  config: Config,
  logger: pino.Logger = createLogger(config.env.LOG_LEVEL),
): Promise<RunningBot> {
  const { env, matrix } = config;
  const clock = systemClock;
  const stack = createStopStack();
  try {
    // 1. The record (SQLite) and the schedule (Redis).
    const database = openDatabase(env.DATABASE_PATH);
    stack.push(() => database.close());
    const { incidents, timeline } = createSqliteStores(database.db, clock);
    const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
    await redis.connect();
    stack.push(() => redis.quit());

    // 2. Adapters. Playbook links need the public URL, known once the server listens.
    let publicUrl = env.PUBLIC_URL ?? "";
    const slackClient = createSlackClient({ token: env.SLACK_BOT_TOKEN, apiUrl: env.SLACK_API_URL, logger });
    const chat = createSlackChat(slackClient);
    const onCall = createPagerDutyOnCallDirectory({
      apiUrl: env.PAGERDUTY_API_URL,
      token: env.PAGERDUTY_API_TOKEN || undefined,
      targets: Object.values(matrix.targets),
      lookupUserByEmail: (email) => chat.lookupUserByEmail(email),
      clock,
      logger,
    });
    const scheduler = createBullmqScheduler(redis, env.QUEUE_PREFIX);
    stack.push(() => scheduler.close());
    const deps: Deps = {
      clock,
      logger,
      events: createEventBus({ timeline, clock, logger }),
      incidents,
      timeline,
      log: createSqliteTimelineLog(database.db, clock),
      chat,
      messageSource: createSlackMessageSource(slackClient),
      messages: slackIncidentMessages,
      escalationMessages: slackEscalationMessages,
      pageMessage,
      incidentsChannel: env.INCIDENTS_CHANNEL,
      matrix,
      escalations: createSqliteEscalationStore(database.db, timeline),
      pager: createPdjsPager({ server: env.PAGERDUTY_EVENTS_HOST, logger }),
      scheduler,
      // Escalation steps reach whoever PagerDuty says is on call, besides the matrix's Slack users.
      targets: withOnCall(createSlackTargetDirectory(slackClient), onCall),
      templates: config.templates,
      playbooks: createPlaybookLibrary(config.playbooks, () => publicUrl),
      ...createSqliteRoleStores(database.db, timeline),
      onCall,
    };

    // 3. Reactions: what follows once a change is recorded (below).
    subscribeReactions(deps);

    // 4. Slack listeners and HTTP routers, one port. Fail now, with Slack's reason, on a bad token.
    const http = express();
    http.disable("x-powered-by");
    const slack = createSlackApp({ env, http, logger, deps });
    await checkSlackToken(slackClient, logger);
    http.use(
      healthRouter({
        database: () => void database.sqlite.prepare("select 1").get(),
        redis: async () => void (await redis.ping()),
      }),
    );
    http.use(metricsRouter({ incidents, startedAt: clock.now(), now: () => clock.now() }));
    http.use(
      "/api",
      apiRouter(deps, {
        full: env.API_TOKEN || undefined,
        restricted: env.API_TOKEN_RESTRICTED || undefined,
      }),
    );
    http.use(pagerDutyWebhookRouter({ secret: env.PAGERDUTY_WEBHOOK_SECRET, deps }));
    http.use(playbookRouter(deps.playbooks, (p) => latestDrill(deps, p)));

    // 5. Timers. Redis holds the schedule, SQLite the plan: re-adding pending steps fills any gap.
    const resumed = await resumeEscalations(deps);
    const worker = startTimersWorker(redis, env.QUEUE_PREFIX, deps);
    stack.push(() => worker.close());
    const reviewZone = env.WEEKLY_REVIEW_TZ ?? matrix.businessHours.timeZone;
    const weekly = await startWeeklyReview({
      connection: redis,
      prefix: env.QUEUE_PREFIX,
      timeZone: reviewZone,
      run: async (at) => void (await postWeeklyReview(deps, at, reviewZone)),
    });
    stack.push(() => weekly.close());
    logger.info({ resumed, matrix: env.ESCALATION_MATRIX }, "escalation timers running");

    // 6. Start taking requests.
    if (env.SLACK_APP_TOKEN) {
      await slack.start();
      stack.push(() => slack.stop());
    }
    const server = await listen(http, env.PORT);
    stack.push(() => server.close());
    const url = `http://127.0.0.1:${server.port}`;
    publicUrl = env.PUBLIC_URL ?? url;
    const mode = env.SLACK_APP_TOKEN ? "socket" : "http";
    logger.info({ port: server.port, mode, database: resolve(env.DATABASE_PATH) }, "imoc is up");
    return { url, port: server.port, deps, stop: () => stack.stopAll() };
  } catch (error) {
    await stack.stopAll();
    throw error;
  }
}

/**
 * The reaction graph: what follows once a change is recorded. Each reaction runs even if another
 * fails (the failure is logged and lands in the timeline). Declaring starts the escalation.
 */
export function subscribeReactions(deps: Deps): void {
  const { events } = deps;
  events.on("declared", "escalation", ({ incident }) => startEscalation(deps, incident));
  events.on("declared", "playbook linker", ({ incident }) => linkPlaybooksOnDeclare(deps, incident));
  events.on("severityChanged", "escalation", ({ incident }) => replanEscalation(deps, incident));
  events.on("statusChanged", "escalation", async ({ incident }) => {
    if (incident.status === "resolved") await stopEscalation(deps, incident);
  });
  events.on("statusChanged", "drill report", ({ incident }) => reportDrill(deps, incident));
  events.on("detailsChanged", "playbook linker", async ({ incident }) => {
    await linkMatchingPlaybooks(deps, incident, BOT_ACTOR);
  });
  events.on("statusUpdatePosted", "status updates", ({ incident, text, actorUserId }) =>
    forwardStatusUpdate(deps, incident, text, actorUserId),
  );
}

/** `npm start`: every configuration problem at once (exit 1), then the bot until SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error(formatConfigProblems(loaded.problems));
    process.exit(1);
  }
  const logger = createLogger(loaded.config.env.LOG_LEVEL);
  const bot = await startBot(loaded.config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, "imoc could not start");
    console.error(`imoc could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
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
