import { statusSummaryText } from "../../../blocks/incident-replies.js";
import { noArgs } from "./parse-args.js";
import type { Subcommand } from "./subcommand.js";

const usage = "/incident status";

export const status: Subcommand<Record<string, never>> = {
  name: "status",
  usage,
  summary: "Show the incident's severity, status, commander and key times.",
  scope: "incident",
  parse: noArgs(usage),
  run: async (ctx) => statusSummaryText(ctx.incident, ctx.deps.clock.now()),
};
