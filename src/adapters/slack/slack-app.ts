import { App, ExpressReceiver } from "@slack/bolt";
import type { Express } from "express";
import type pino from "pino";
import { boltLogger } from "../logging.js";
import type { ListenerContext } from "./listeners/context.js";
import { registerListeners } from "./listeners/index.js";

export interface SlackAppOptions {
  botToken: string;
  signingSecret: string;
  /** Socket Mode when set; HTTP mode (signed requests on POST /slack/events) otherwise. */
  appToken?: string;
  apiUrl: string;
  /** The express app that serves every other route on the same port. */
  http: Express;
  logger: pino.Logger;
  context: ListenerContext;
}

/**
 * Bolt in HTTP mode mounts `POST /slack/events` (with signature verification: a forged or
 * stale request gets 401 before any listener runs) on the shared express app.
 */
export function createSlackApp(options: SlackAppOptions): App {
  const logger = boltLogger(options.logger);
  const clientOptions = { slackApiUrl: options.apiUrl };
  const app = options.appToken
    ? new App({
        token: options.botToken,
        appToken: options.appToken,
        socketMode: true,
        logger,
        clientOptions,
      })
    : new App({
        token: options.botToken,
        receiver: new ExpressReceiver({
          signingSecret: options.signingSecret,
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
  registerListeners(app, options.context);
  return app;
}
