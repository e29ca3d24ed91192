import { onCallReply } from "../../../blocks/on-call-reply.js";
import { optionalWord } from "./parse-args.js";
import type { Subcommand } from "./subcommand.js";

export const oncall: Subcommand<{ target: string | null }> = {
  name: "oncall",
  aliases: ["on-call"],
  usage: "/incident oncall [target]",
  summary: "Who is on call now for a matrix target (from PagerDuty), and until when.",
  scope: "anywhere",
  parse(text) {
    const target = optionalWord(text, "Give one target: `/incident oncall primary`.");
    return target.ok ? { ok: true, args: { target: target.args } } : target;
  },
  async run({ deps }, { target }) {
    const targets = target ? [target] : deps.onCall.targets();
    return onCallReply(await Promise.all(targets.map((t) => deps.onCall.whoIsOnCall(t))));
  },
};
