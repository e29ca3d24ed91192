import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import type { Deps } from "./app/deps.js";
import { reconcileSchedule } from "./app/escalation/reconcile-schedule.js";
import { createEventBus } from "./app/events.js";
import { latestDrill } from "./app/playbooks/link-playbooks.js";
import { subscribeReactions } from "./app/reactions.js";
import { postWeeklyReviewOnce } from "./app/review/post-weekly-review.js";
import { type Config, formatConfigProblems, loadConfig } from "./config/load-config.js";
import { createCustody } from "./adapters/custody/index.js";
import { describeRecord, openRecord } from "./adapters/db/open-record.js";
import * as routers from "./adapters/http/routers.js";
import { createStopStack, exitWith, listen, runUntilSignalled, workerDrain } from "./adapters/lifecycle.js";
import { createLogger } from "./adapters/logging.js";
import { startObservability } from "./adapters/observability/index.js";
import * as pagerduty from "./adapters/pagerduty/index.js";
import { createPlaybookLibrary } from "./adapters/playbooks/playbook-library.js";
import * as queue from "./adapters/queue/index.js";
import { startSlackOutbox } from "./adapters/slack/outbox-dispatcher.js";
import { checkSlackToken, createSlackApp, createSlackClient } from "./adapters/slack/slack-app.js";
import { createSlackPorts } from "./adapters/slack/slack-ports.js";
import { startConsole } from "./adapters/console/start-console.js";
import { type Clock, systemClock } from "./ports/clock.js";
import { createFollowups } from "./wiring/followups.js";

export type RunningBot = Awaited<ReturnType<typeof startBot>>;

/** The composition root: the only place that knows every adapter. `config` is checked already. */
export async function startBot(
  config: Config,
  logger = createLogger(config.env.LOG_LEVEL),
  { clock = systemClock }: { clock?: Clock } = {},
) {
  const { env, matrix } = config;
  const prefix = env.QUEUE_PREFIX;
  const stack = createStopStack({ logger });
  try {
    // 1. The record (SQLite, or PostgreSQL with DATABASE_URL) and the schedule (Redis).
    const record = await openRecord(env, clock);
    stack.push(record.close);
    const redis = await queue.connectRedis(env.REDIS_URL);
    stack.push(() => redis.quit());
    const observing = await startObservability({ env, redis, prefix, record, clock, stack });

    // 2. Adapters. Playbook links need the public URL, known once the server listens.
    let publicUrl = env.PUBLIC_URL ?? "";
    const slackClient = createSlackClient(env, logger, observing.metrics);
    // Answers the replicas must give alike (on call, people's names) are shared through Redis.
    const shared = queue.createRedisCache(redis, prefix, logger);
    const { targetDirectory, ...slackPorts } = createSlackPorts(slackClient, shared);
    const onCall = pagerduty.createPagerDutyOnCallDirectory({
      apiUrl: env.PAGERDUTY_API_URL,
      token: env.PAGERDUTY_API_TOKEN || undefined,
      targets: Object.values(matrix.targets),
      lookupUserByEmail: (email) => slackPorts.chat.lookupUserByEmail(email),
      clock,
      logger,
      shared,
    });
    const scheduler = queue.createBullmqScheduler(redis, prefix, { clock, logger });
    const timeoutMs = env.PAGERDUTY_TIMEOUT_MS;
    stack.push(() => scheduler.close());
    const followups = createFollowups({ connection: redis, prefix, clock, logger, config });
    const deps: Deps = {
      clock,
      logger,
      ...record.stores,
      ...slackPorts,
      events: createEventBus({ timeline: record.stores.timeline, clock, logger }),
      incidentsChannel: env.INCIDENTS_CHANNEL,
      matrix,
      templates: config.templates,
      scheduler,
      onCall,
      pager: pagerduty.createEventsApiPager({ server: env.PAGERDUTY_EVENTS_HOST, timeoutMs, logger }),
      // Escalation steps reach whoever PagerDuty says is on call, besides the matrix's Slack users.
      targets: pagerduty.withOnCall(targetDirectory, onCall),
      playbooks: createPlaybookLibrary(config.playbooks, () => publicUrl),
      statusPageUrl: () => `${publicUrl}/status`,
      ...followups.deps,
      publicUrl: () => publicUrl,
      custody: createCustody({ env, matrix, client: slackClient, logger }),
      ...observing.ports, // metrics, tracer
    };

    // 3. Reactions: what follows once a change is recorded (below).
    subscribeReactions(deps);

    // 4. Slack listeners and HTTP routers, one port. Fail now, with Slack's reason, on a bad token.
    const http = express();
    http.disable("x-powered-by");
    const slack = createSlackApp({ env, http, logger, deps });
    await checkSlackToken(slackClient, logger);
    http.use(routers.health({ database: record.ping, redis: () => queue.checkRedis(redis) }));
    http.use(observing.http); // GET /metrics; the routes below run with a correlation id
    const tokens = { full: env.API_TOKEN || undefined, restricted: env.API_TOKEN_RESTRICTED || undefined };
    http.use("/api", routers.api(deps, tokens));
    http.use(routers.pagerDutyWebhook({ secret: env.PAGERDUTY_WEBHOOK_SECRET, deps }));
    http.use(routers.alertmanager({ token: env.ALERTS_TOKEN || undefined, deps }));
    http.use(routers.playbooks(deps.playbooks, (p) => latestDrill(deps, p)));
    http.use(routers.statusPage(deps));
    http.use(startConsole({ deps, env, slackClient, stack }));

    // 5. The Slack outbox, then the timers. SQLite has the plan: the reconcile fills Redis's gaps,
    // now and whenever it is back.
    const outbox = startSlackOutbox(record, deps);
    stack.drain("slack outbox", { stop: () => outbox.stop(8_000) });
    await queue.reconcileNowAndOnReconnect(redis, logger, () => reconcileSchedule(deps));
    for (const start of [queue.startTimersWorker, queue.startUpdatesWorker])
      stack.drain(start.name, workerDrain(start(redis, prefix, deps)));
    const timeZone = config.weeklyReviewZone;
    const post = async (at: Date) => void postWeeklyReviewOnce(deps, at, timeZone);
    const weekly = await queue.startWeeklyReview({ connection: redis, prefix, timeZone, run: post });
    stack.drain("weekly review", { stop: () => weekly.close() });
    stack.drain("follow-ups", await followups.start(deps));

    // 6. Start taking requests.
    if (env.SLACK_APP_TOKEN) {
      await slack.start();
      stack.drain("slack socket", { stop: () => slack.stop() });
    }
    const server = await listen(http, env.PORT);
    stack.drain("http", { stop: server.close, force: server.forceClose });
    const url = `http://127.0.0.1:${server.port}`;
    publicUrl = env.PUBLIC_URL ?? url;
    const where = {
      port: server.port,
      database: env.DATABASE_URL ? describeRecord(env) : resolve(env.DATABASE_PATH),
      matrix: env.ESCALATION_MATRIX,
    };
    logger.info(where, "imoc is up");
    return { url, port: server.port, deps, stop: () => stack.stopAll() };
  } catch (error) {
    await stack.stopAll();
    throw error;
  }
}

/** `npm start`: every configuration problem at once (exit 1), then the bot until SIGTERM/SIGINT. */
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) exitWith(formatConfigProblems(loaded.problems));
  else
    await runUntilSignalled(createLogger(loaded.config.env.LOG_LEVEL), (logger) =>
      startBot(loaded.config, logger),
    );
}
