import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { neutraliseMentions } from "../../../../domain/text/mentions.js";
import { slackActor } from "../../../../domain/timeline/timeline-event.js";
import { commandFailedReply } from "../../blocks/command-help.js";
import { NOT_AN_INCIDENT_CHANNEL } from "../../blocks/incident-replies.js";
import type { ListenerContext } from "../context.js";
import { findSubcommand, routeIncidentCommand, SUBCOMMANDS } from "./subcommands/index.js";
import type { CommandContext } from "./subcommands/subcommand.js";

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/incident ...`: acknowledged before anything else (Slack allows 3 s), then parsed by the
 * subcommand table, then the subcommand runs; its answer is ephemeral, through response_url.
 */
export function incidentCommand(ctx: ListenerContext) {
  return async ({ ack, command, respond, client }: Args) => {
    await ack();
    const started = performance.now();
    const counted = (name: string, outcome: "ok" | "error" | "usage") =>
      ctx.deps.metrics.slashCommand(name, outcome, (performance.now() - started) / 1000);
    const say = (text: string) => respond({ response_type: "ephemeral", text: neutraliseMentions(text) });
    const routed = routeIncidentCommand(command.text);
    if (!routed.ok) {
      await say(routed.reply);
      const head = command.text.trim().split(/\s+/, 1)[0] ?? "";
      return counted(findSubcommand(head)?.name ?? "unknown", "usage");
    }
    const { subcommand, args } = routed;
    const context: CommandContext = {
      deps: ctx.deps,
      userId: command.user_id,
      actor: slackActor(command.user_id),
      channelId: command.channel_id,
      responseUrl: command.response_url || null,
      incident: ctx.deps.incidents.findByChannel(command.channel_id),
      openModal: async (view) => void (await client.views.open({ trigger_id: command.trigger_id, view })),
      subcommands: SUBCOMMANDS,
    };
    try {
      let reply: string | null;
      if (subcommand.scope === "anywhere") reply = await subcommand.run(context, args);
      else if (context.incident)
        reply = await subcommand.run({ ...context, incident: context.incident }, args);
      else reply = NOT_AN_INCIDENT_CHANNEL;
      if (reply) await say(reply);
      counted(subcommand.name, "ok");
    } catch (error) {
      counted(subcommand.name, "error");
      ctx.deps.logger.error({ err: error, command: subcommand.name }, "slash command failed");
      await say(commandFailedReply(subcommand.name, error));
    }
  };
}
