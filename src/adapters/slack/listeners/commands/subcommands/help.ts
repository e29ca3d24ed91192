import { helpText } from "../../../blocks/command-help.js";
import { accept, type Subcommand } from "./subcommand.js";

export const help: Subcommand<Record<string, never>> = {
  name: "help",
  usage: "/incident help",
  summary: "List these commands.",
  scope: "anywhere",
  parse: () => accept({}),
  run: async (ctx) => helpText(ctx.subcommands),
};
