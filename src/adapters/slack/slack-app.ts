import { App, ExpressReceiver } from "@slack/bolt";
import { type WebAPICallResult, WebClient } from "@slack/web-api";
import type { Express } from "express";
import type pino from "pino";
import type { Deps } from "../../app/deps.js";
import type { Env } from "../../config/env.js";
import { boltLogger } from "../logging.js";
import { type Metrics, noMetrics } from "../../ports/metrics.js";
import { processOnce, refuseFutureSignatures } from "./inbound-guards.js";
import { nameSlackRequest, observeSlackRequests } from "./observe-requests.js";
import { slackErrorCode } from "./slack-chat.js";
import { registerListeners } from "./listeners/index.js";

export interface SlackAppOptions {
  /** SLACK_APP_TOKEN set: Socket Mode; otherwise HTTP mode (signed requests on POST /slack/events). */
  env: Pick<Env, "SLACK_BOT_TOKEN" | "SLACK_SIGNING_SECRET" | "SLACK_APP_TOKEN" | "SLACK_API_URL">;
  /** The express app that serves every other route on the same port. */
  http: Express;
  logger: pino.Logger;
  deps: Deps;
}

/** The Web API client the adapters (chat, message source, target directory) share. */
export function createSlackClient(
  env: Pick<Env, "SLACK_BOT_TOKEN" | "SLACK_API_URL">,
  logger: pino.Logger,
  metrics: Pick<Metrics, "slackApiCall"> = noMetrics,
): WebClient {
  // No retries and no waiting inside the client: the Slack outbox retries (in order, per
  // incident) and waits out a 429's Retry-After itself, so a failing Slack never holds a page.
  return new MeteredWebClient(metrics, env.SLACK_BOT_TOKEN, {
    slackApiUrl: env.SLACK_API_URL,
    logger: boltLogger(logger),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
}

/** Every Web API call counted by method and outcome (`ok`, `ratelimited`, Slack's error code). */
class MeteredWebClient extends WebClient {
  readonly #metrics: Pick<Metrics, "slackApiCall">;
  constructor(metrics: Pick<Metrics, "slackApiCall">, ...args: ConstructorParameters<typeof WebClient>) {
    super(...args);
    this.#metrics = metrics;
  }
  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    try {
      const result = await super.apiCall(method, options);
      this.#metrics.slackApiCall(method, "ok");
      return result;
    } catch (error) {
      const code = slackErrorCode(error);
      const outcome =
        code === "slack_webapi_rate_limited_error"
          ? "ratelimited"
          : code.startsWith("slack_webapi_")
            ? code.replace("slack_webapi_", "")
            : code;
      this.#metrics.slackApiCall(method, outcome);
      throw error;
    }
  }
}

/** Fails at start-up, with Slack's own reason, rather than at the first incident. */
export async function checkSlackToken(client: WebClient, logger: pino.Logger): Promise<void> {
  const auth = await client.auth.test().catch((error: unknown) => {
    throw new Error(`Slack rejected SLACK_BOT_TOKEN (auth.test): ${(error as Error).message}`);
  });
  logger.info({ team: auth.team, botUser: auth.user_id }, "connected to Slack");
}

/**
 * Bolt in HTTP mode mounts `POST /slack/events` (with signature verification: a forged or
 * stale request gets 401 before any listener runs) on the shared express app; a request dated
 * in the future is refused in front of it. Retries and replays are acknowledged and dropped.
 */
export function createSlackApp(options: SlackAppOptions): App {
  const logger = boltLogger(options.logger);
  const { env } = options;
  const clientOptions = { slackApiUrl: env.SLACK_API_URL };
  // Mounted before the receiver, which adds its route to `http` when it is constructed.
  if (!env.SLACK_APP_TOKEN)
    options.http.post(
      "/slack/events",
      observeSlackRequests(options.deps.metrics),
      refuseFutureSignatures(options.logger),
    );
  const app = env.SLACK_APP_TOKEN
    ? new App({
        token: env.SLACK_BOT_TOKEN,
        appToken: env.SLACK_APP_TOKEN,
        socketMode: true,
        logger,
        clientOptions,
      })
    : new App({
        token: env.SLACK_BOT_TOKEN,
        receiver: new ExpressReceiver({
          signingSecret: env.SLACK_SIGNING_SECRET,
          endpoints: "/slack/events",
          app: options.http,
          logger,
        }),
        logger,
        clientOptions,
      });
  app.error(async (error) => {
    options.logger.error({ err: error }, "unhandled error in a Slack listener");
  });
  app.use(nameSlackRequest(options.deps.incidents));
  app.use(processOnce(options.deps.inbound, options.logger));
  registerListeners(app, { deps: options.deps });
  return app;
}
