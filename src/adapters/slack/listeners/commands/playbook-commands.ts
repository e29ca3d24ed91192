import { assignRole, ROLE_DUTIES } from "../../../../app/incident/assign-role.js";
import type { Deps } from "../../../../app/deps.js";
import { latestDrill, linkedPlaybookIds, linkPlaybook } from "../../../../app/playbooks/link-playbooks.js";
import { playbookList, playbookMessage } from "../../blocks/playbook-message.js";
import { changeDetails } from "../../../../app/incident/change-details.js";
import { incidentRef, type Incident } from "../../../../domain/incident/incident.js";
import { matchPlaybooks } from "../../../../domain/playbooks/playbook.js";
import type { IncidentCommand } from "../../../../domain/incident/slash-command.js";
import { slackActor } from "../../../../domain/timeline/timeline-event.js";
import type { Role } from "../../../../ports/role-store.js";
import { onCallReply } from "../../blocks/on-call-reply.js";
import { NOT_AN_INCIDENT_CHANNEL } from "../replies.js";

const NAMES = ["playbook", "role", "oncall", "title", "service"] as const;
type PlaybookCommand = Extract<IncidentCommand, { name: (typeof NAMES)[number] }>;

export function isPlaybookCommand(cmd: IncidentCommand): cmd is PlaybookCommand {
  return (NAMES as readonly string[]).includes(cmd.name);
}

/** Playbooks, roles, details and on-call (issue 5): `playbook` and `oncall` work anywhere. */
export async function runPlaybookCommand(
  deps: Deps,
  cmd: PlaybookCommand,
  incident: Incident | null,
  userId: string,
): Promise<string> {
  const actor = slackActor(userId);
  if (cmd.name === "oncall") return onCallCommand(deps, cmd.target);
  if (cmd.name === "playbook") return playbookCommand(deps, { id: cmd.id, incident, actor });
  if (!incident) return NOT_AN_INCIDENT_CHANNEL;
  if (cmd.name === "role") {
    return roleCommand(deps, { incident, role: cmd.role, userId: cmd.userId, actor, actorUserId: userId });
  }
  const change = cmd.name === "title" ? { title: cmd.title } : { service: cmd.service };
  const result = await changeDetails(deps, { incidentId: incident.id, change, actor, actorUserId: userId });
  return result.kind === "changed"
    ? ":white_check_mark: Updated; matching playbooks are linked."
    : "Nothing changed.";
}

/** `/incident playbook [id]`: in an incident channel links it; elsewhere shows it. */
async function playbookCommand(
  deps: Deps,
  input: { id: string | null; incident: Incident | null; actor: string },
): Promise<string> {
  const { incident } = input;
  const all = deps.playbooks.all();
  if (!input.id) {
    const linked = incident ? new Set(linkedPlaybookIds(deps, incident.id)) : new Set<string>();
    const matched = incident ? matchPlaybooks(all, incident).map((m) => m.playbook) : [];
    const ordered = [...matched, ...all.filter((p) => !matched.includes(p))];
    return playbookList(
      ordered.map((p) => ({
        playbook: p,
        url: deps.playbooks.url(p.id),
        note: linked.has(p.id) ? "linked" : matched.includes(p) ? "matches" : undefined,
      })),
      incident ? `*Playbooks for ${incidentRef(incident)}* (best matches first)` : "*Playbooks*",
    ).text;
  }
  const playbook = deps.playbooks.get(input.id);
  if (!playbook) {
    return `:warning: There is no playbook \`${input.id}\`. Known: ${all.map((p) => `\`${p.id}\``).join(", ")}.`;
  }
  if (!incident) {
    return playbookMessage(playbook, deps.playbooks.url(playbook.id), {
      lastDrilled: latestDrill(deps, playbook),
    }).text;
  }
  const result = await linkPlaybook(deps, {
    incident,
    playbook,
    actor: input.actor,
    reason: "linked by hand",
  });
  return result.kind === "linked"
    ? `:blue_book: Linked "${playbook.title}" to ${incidentRef(incident)} and bookmarked it.`
    : `"${playbook.title}" is already linked to ${incidentRef(incident)}.`;
}

async function roleCommand(
  deps: Deps,
  input: { incident: Incident; role: Role; userId: string; actor: string; actorUserId: string },
): Promise<string> {
  const result = await assignRole(deps, input);
  const title = ROLE_DUTIES[input.role].title.toLowerCase();
  return result.kind === "assigned"
    ? `:white_check_mark: <@${input.userId}> is now ${title}; invited and sent a DM with what the role does.`
    : `<@${input.userId}> is already ${title}; nothing changed.`;
}

async function onCallCommand(deps: Deps, target: string | null): Promise<string> {
  const targets = target ? [target] : deps.onCall.targets();
  return onCallReply(await Promise.all(targets.map((t) => deps.onCall.whoIsOnCall(t))));
}
