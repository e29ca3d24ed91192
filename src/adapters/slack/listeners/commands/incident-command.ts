import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { addNote } from "../../../../app/timeline/add-note.js";
import { changeSeverity } from "../../../../app/incident/change-severity.js";
import { changeStatus } from "../../../../app/incident/change-status.js";
import { declareIncident } from "../../../../app/incident/declare-incident.js";
import {
  type IncidentCommand,
  helpText,
  parseIncidentCommand,
} from "../../../../domain/incident/slash-command.js";
import { slackActor } from "../../../../domain/timeline/timeline-event.js";
import type { Incident } from "../../../../domain/incident/incident.js";
import { declareModal } from "../../blocks/declare-modal.js";
import type { ListenerContext } from "../context.js";
import { NOT_AN_INCIDENT_CHANNEL, severityChangeReply, statusChangeReply } from "../replies.js";
import { declaredReply } from "./declared-reply.js";
import { isPlaybookCommand, runPlaybookCommand } from "./playbook-commands.js";
import { isEscalationCommand, runEscalationCommand } from "./escalation-commands.js";
import { timelineCommand } from "./timeline-command.js";

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/incident ...`: acknowledged before anything else (Slack allows 3 s), then parsed, then one
 * use case, then an ephemeral answer through response_url.
 */
export function incidentCommand(ctx: ListenerContext) {
  return async ({ ack, command, respond, client, logger }: Args) => {
    await ack();
    const say = (text: string) => respond({ response_type: "ephemeral", text });
    const parsed = parseIncidentCommand(command.text);
    if (!parsed.ok) return void (await say(helpText(parsed.error)));
    try {
      await run(parsed.command);
    } catch (error) {
      logger.error(error);
      ctx.deps.logger.error({ err: error, command: parsed.command.name }, "slash command failed");
      const reason = error instanceof Error ? error.message : String(error);
      await say(
        `:x: \`/incident ${parsed.command.name}\` failed: ${reason}. What was recorded before the failure is kept.`,
      );
    }

    async function run(cmd: IncidentCommand): Promise<void> {
      const userId = command.user_id;
      const actor = slackActor(userId);
      switch (cmd.name) {
        case "help":
          return void (await say(helpText()));
        case "declare-modal":
          await client.views.open({
            trigger_id: command.trigger_id,
            view: declareModal(command.channel_id, ctx.deps.playbooks.all()) as never,
          });
          return;
        case "declare": {
          const result = await declareIncident(ctx.deps, { ...cmd, declaredBy: userId });
          return void (await say(declaredReply(result)));
        }
      }
      const incident = ctx.deps.incidents.findByChannel(command.channel_id);
      if (isPlaybookCommand(cmd))
        return void (await say(await runPlaybookCommand(ctx.deps, cmd, incident, userId)));
      if (!incident) return void (await say(NOT_AN_INCIDENT_CHANNEL));
      await inIncident(cmd, incident, userId, actor);
    }

    async function inIncident(cmd: IncidentCommand, incident: Incident, userId: string, actor: string) {
      const { deps } = ctx;
      if (isEscalationCommand(cmd))
        return void (await say(await runEscalationCommand(ctx, cmd, incident, userId, actor)));
      switch (cmd.name) {
        case "status":
          return void (await say(deps.messages.statusSummary(incident, deps.clock.now()).text));
        case "ack":
          return void (await say(
            statusChangeReply(
              await changeStatus(deps, {
                incidentId: incident.id,
                to: "acknowledged",
                actor,
                actorUserId: userId,
              }),
              "acknowledged",
            ),
          ));
        case "mitigate":
          return void (await say(
            statusChangeReply(
              await changeStatus(deps, {
                incidentId: incident.id,
                to: "mitigated",
                actor,
                actorUserId: userId,
              }),
              "marked as mitigated",
            ),
          ));
        case "resolve":
          return void (await say(
            statusChangeReply(
              await changeStatus(deps, {
                incidentId: incident.id,
                to: "resolved",
                actor,
                actorUserId: userId,
                summary: cmd.summary,
              }),
              "resolved",
            ),
          ));
        case "sev":
          return void (await say(
            severityChangeReply(
              await changeSeverity(deps, {
                incidentId: incident.id,
                severity: cmd.severity,
                actor,
                actorUserId: userId,
              }),
            ),
          ));
        case "note": {
          const event = await addNote(deps, { incident, text: cmd.text, actor });
          return void (await say(`:memo: Note recorded in the IMOC log as #${event.seq}.`));
        }
        case "timeline":
        case "timeline-fix":
        case "timeline-detected":
          return void (await say(await timelineCommand(ctx, cmd, incident, actor)));
        default:
          return void (await say(helpText()));
      }
    }
  };
}
