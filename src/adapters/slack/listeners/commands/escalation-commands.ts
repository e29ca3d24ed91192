import { postStatusUpdate } from "../../../../app/comms/post-status-update.js";
import { type CommsResult, sendComms } from "../../../../app/comms/send-comms.js";
import type { Incident } from "../../../../domain/incident/incident.js";
import type { IncidentCommand } from "../../../../domain/incident/slash-command.js";
import { escalationPlanText } from "../../blocks/escalation-plan.js";
import type { ListenerContext } from "../context.js";

type EscalationCommand = Extract<
  IncidentCommand,
  { name: "escalation" | "update" | "sla-breach" | "customer-report" | "compliance" }
>;

export const isEscalationCommand = (cmd: IncidentCommand): cmd is EscalationCommand =>
  ["escalation", "update", "sla-breach", "customer-report", "compliance"].includes(cmd.name);

/** `/incident escalation | update | sla-breach | customer-report | compliance`: returns the reply. */
export async function runEscalationCommand(
  ctx: ListenerContext,
  cmd: EscalationCommand,
  incident: Incident,
  userId: string,
  actor: string,
): Promise<string> {
  const { deps } = ctx;
  if (cmd.name === "update") {
    const event = await postStatusUpdate(ctx.deps, { incident, text: cmd.text, actor, actorUserId: userId });
    return `:loudspeaker: Update #${event.seq} posted.`;
  }
  if (cmd.name === "escalation") {
    return escalationPlanText(
      incident,
      deps.escalations.steps(incident.id),
      deps.escalations.pages(incident.id),
      deps.matrix,
      deps.clock.now(),
    );
  }
  return commsReply(await sendComms(deps, { incident, rule: cmd.name, text: cmd.text, actor }));
}

function commsReply(result: CommsResult): string {
  switch (result.kind) {
    case "sent":
      return `:mega: Sent to ${result.to.join(", ") || "nobody"}${result.failed.length ? `; could not post to ${result.failed.join(", ")}` : ""}.`;
    case "counted":
      return `:memo: Customer report ${result.count} recorded; product is told at ${result.threshold}.`;
    case "not-applicable":
      return `Nothing sent: ${result.reason}.`;
  }
}
