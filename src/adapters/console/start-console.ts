import type { WebClient } from "@slack/web-api";
import type { Router } from "express";
import { recordAccess } from "../../app/custody/record-access.js";
import type { Deps } from "../../app/deps.js";
import { listFollowups } from "../../app/followups/list-followups.js";
import type { Env } from "../../config/env.js";
import { createSlackConsoleDirectory } from "../slack/slack-console-directory.js";
import { type ConsoleOptions, createConsole } from "./index.js";
import { followUpsSection } from "./views/followups-section.js";

/**
 * The console's wiring for main.ts: Slack look-ups, the follow-ups section, reads of security
 * incidents recorded in their access log, and its streams closed with the HTTP server.
 */
export function startConsole(o: {
  deps: Deps;
  env: Env;
  slackClient: WebClient;
  stack: { drain(name: string, d: { stop: () => Promise<void> }): void };
}): Router {
  const { deps } = o;
  const followUps: ConsoleOptions["followUps"] = (incident) => {
    const { followups, today } = listFollowups(deps, { incidentId: incident.id, includeSecurity: true });
    if (followups.length === 0) return null;
    return {
      ids: followups.map((f) => f.owner),
      render: (names) => followUpsSection(followups, today, names),
    };
  };
  const incidentConsole = createConsole({
    deps,
    env: o.env,
    directory: createSlackConsoleDirectory(o.slackClient),
    followUps,
    onSecurityRead: (incident, userId, what) =>
      recordAccess(deps, { incident, who: `slack:${userId}`, what: `console ${what}`, via: "console" }),
  });
  o.stack.drain("console streams", { stop: incidentConsole.stop });
  return incidentConsole.router;
}
