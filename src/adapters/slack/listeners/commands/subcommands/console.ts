import { sendConsoleLink } from "../../../../../app/console/sign-in.js";
import { consoleLinkMessage } from "../../../blocks/console-link-message.js";
import { noArgs } from "./parse-args.js";
import type { Subcommand } from "./subcommand.js";

const usage = "/incident console";

export const consoleLink: Subcommand<Record<string, never>> = {
  name: "console",
  usage,
  summary: "Get a one-time link (10 minutes) that signs you in to the incident console in a browser.",
  scope: "anywhere",
  parse: noArgs(usage),
  async run(ctx) {
    sendConsoleLink(ctx.deps, { userId: ctx.userId, message: consoleLinkMessage });
    return "I sent you a sign-in link for the incident console in a direct message. It works once, for 10 minutes.";
  },
};
