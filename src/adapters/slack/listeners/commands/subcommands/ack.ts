import { changeStatus } from "../../../../../app/incident/change-status.js";
import { statusChangeReply } from "../../../blocks/incident-replies.js";
import { noArgs } from "./parse-args.js";
import type { Subcommand } from "./subcommand.js";

const usage = "/incident ack";

export const ack: Subcommand<Record<string, never>> = {
  name: "ack",
  aliases: ["acknowledge"],
  usage,
  summary: "Acknowledge the incident (stops escalation steps that wait for an acknowledgement).",
  scope: "incident",
  parse: noArgs(usage),
  async run(ctx) {
    const result = await changeStatus(ctx.deps, {
      incidentId: ctx.incident.id,
      to: "acknowledged",
      actor: ctx.actor,
      actorUserId: ctx.userId,
    });
    return statusChangeReply(result, "acknowledged");
  },
};
