import type { WebClient } from "@slack/web-api";
import type { Router } from "express";
import type { Deps } from "../../app/deps.js";
import type { Env } from "../../config/env.js";
import { createSlackConsoleDirectory } from "../slack/slack-console-directory.js";
import { type ConsoleOptions, createConsole } from "./index.js";

/** The console's wiring for main.ts: Slack look-ups, and its streams closed with the HTTP server. */
export function startConsole(o: {
  deps: Deps;
  env: Env;
  slackClient: WebClient;
  stack: { drain(name: string, d: { stop: () => Promise<void> }): void };
  /** FOLLOW-UPS (issue 11) and CUSTODY (issue 15) plug in here. */
  hooks?: Pick<ConsoleOptions, "followUps" | "onSecurityRead">;
}): Router {
  const incidentConsole = createConsole({
    deps: o.deps,
    env: o.env,
    directory: createSlackConsoleDirectory(o.slackClient),
    ...o.hooks,
  });
  o.stack.drain("console streams", { stop: incidentConsole.stop });
  return incidentConsole.router;
}
