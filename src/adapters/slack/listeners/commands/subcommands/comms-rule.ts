import { sendComms } from "../../../../../app/comms/send-comms.js";
import { commsReply } from "../../../blocks/escalation-replies.js";
import { accept, type Subcommand } from "./subcommand.js";

/** `sla-breach`, `customer-report`, `compliance`: one comms rule each, optional details. */
export function commsRule(
  rule: "sla-breach" | "customer-report" | "compliance",
  summary: string,
): Subcommand<{ text: string | null }> {
  return {
    name: rule,
    usage: `/incident ${rule} [details]`,
    summary,
    scope: "incident",
    parse: (text) => accept({ text: text || null }),
    async run(ctx, { text }) {
      const result = await sendComms(ctx.deps, { incident: ctx.incident, rule, text, actor: ctx.actor });
      return commsReply(result);
    },
  };
}
