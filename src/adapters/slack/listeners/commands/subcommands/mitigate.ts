import { changeStatus } from "../../../../../app/incident/change-status.js";
import { statusChangeReply } from "../../../blocks/incident-replies.js";
import { noArgs } from "./parse-args.js";
import type { Subcommand } from "./subcommand.js";

const usage = "/incident mitigate";

export const mitigate: Subcommand<Record<string, never>> = {
  name: "mitigate",
  aliases: ["mitigated"],
  usage,
  summary: "Mark the impact as mitigated.",
  scope: "incident",
  parse: noArgs(usage),
  async run(ctx) {
    const result = await changeStatus(ctx.deps, {
      incidentId: ctx.incident.id,
      to: "mitigated",
      actor: ctx.actor,
      actorUserId: ctx.userId,
    });
    return statusChangeReply(result, "marked as mitigated");
  },
};
