import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { assignRole } from "../../../../app/incident/assign-role.js";
import { declareIncident } from "../../../../app/incident/declare-incident.js";
import { linkPlaybook } from "../../../../app/playbooks/link-playbooks.js";
import type { Incident } from "../../../../domain/incident/incident.js";
import { slackActor } from "../../../../domain/timeline/timeline-event.js";
import { parseSeverity } from "../../../../domain/incident/severity.js";
import { ROLES, type Role } from "../../../../ports/role-store.js";
import { DECLARE_FIELDS } from "../../blocks/declare-modal.js";
import type { ListenerContext } from "../context.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The form's optional picks, applied once the channel exists: the chosen playbook, the roles. */
async function applyChoices(
  ctx: ListenerContext,
  created: Incident,
  choices: { playbookId: string | null; roles: Array<[Role, string | null]> },
  userId: string,
): Promise<void> {
  const incident = ctx.deps.incidents.get(created.id) ?? created;
  const actor = slackActor(userId);
  const playbook = choices.playbookId ? ctx.deps.playbooks.get(choices.playbookId) : null;
  if (playbook) linkPlaybook(ctx.deps, { incident, playbook, actor, reason: "picked in the declare form" });
  for (const [role, holder] of choices.roles) {
    if (holder) await assignRole(ctx.deps, { incident, role, userId: holder, actor, actorUserId: userId });
  }
}

/** The declare modal. Field errors go back into the modal; the declarer's reply is a DM. */
export function declareSubmission(ctx: ListenerContext) {
  return async ({ ack, view, body }: Args) => {
    const values = view.state.values;
    const title = values[DECLARE_FIELDS.title.block]?.[DECLARE_FIELDS.title.action]?.value?.trim() ?? "";
    const severityValue =
      values[DECLARE_FIELDS.severity.block]?.[DECLARE_FIELDS.severity.action]?.selected_option?.value ?? "";
    const kinds = (
      values[DECLARE_FIELDS.security.block]?.[DECLARE_FIELDS.security.action]?.selected_options ?? []
    ).map((o) => o.value);
    const security = kinds.includes("security");
    const drill = kinds.includes("drill");
    const playbookId =
      values[DECLARE_FIELDS.playbook.block]?.[DECLARE_FIELDS.playbook.action]?.selected_option?.value ?? null;
    const service =
      values[DECLARE_FIELDS.service.block]?.[DECLARE_FIELDS.service.action]?.value?.trim().toLowerCase() ||
      null;
    const roles = ROLES.map((role): [Role, string | null] => [
      role,
      values[DECLARE_FIELDS[role].block]?.[DECLARE_FIELDS[role].action]?.selected_user ?? null,
    ]);
    const description =
      values[DECLARE_FIELDS.description.block]?.[DECLARE_FIELDS.description.action]?.value?.trim() || null;
    const severity = parseSeverity(severityValue);
    const errors: Record<string, string> = {};
    if (!title) errors[DECLARE_FIELDS.title.block] = "Give the incident a title.";
    if (!severity) errors[DECLARE_FIELDS.severity.block] = "Pick a severity.";
    if (!severity || !title) return void (await ack({ response_action: "errors", errors }));
    await ack();
    const result = await declareIncident(ctx.deps, {
      title,
      severity,
      security,
      description,
      drill,
      service,
      declaredBy: body.user.id,
    });
    // The declarer's answer (a DM: a modal has no response_url) comes from the outbox, once the
    // channel is open; the choices' messages queue behind it.
    await applyChoices(ctx, result.incident, { playbookId, roles }, body.user.id);
  };
}
