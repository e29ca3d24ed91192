import type { Incident } from "../../domain/incident/incident.js";
import type { Actor } from "../../domain/timeline/timeline-event.js";
import type { Role } from "../../ports/role-store.js";
import type { Deps } from "../deps.js";
import { syncChannel } from "./sync-channel.js";

export const ROLE_TITLES: Record<Role, string> = {
  commander: "Incident commander",
  comms: "Communications lead",
  scribe: "Scribe",
};

export type AssignRoleResult =
  | { kind: "assigned"; incident: Incident; role: Role; userId: string; previous: string | null }
  | { kind: "unchanged"; incident: Incident; role: Role; userId: string };

type AssignRoleDeps = Pick<Deps, "clock" | "incidents" | "roles" | "outbox" | "messages">;

/**
 * Gives a role to a person: recorded with its timeline event, the person invited to the channel
 * and sent a DM that says what the role does. The commander also goes into the topic.
 */
export async function assignRole(
  deps: AssignRoleDeps,
  input: { incident: Incident; role: Role; userId: string; actor: Actor; actorUserId: string | null },
): Promise<AssignRoleResult> {
  const { role, userId } = input;
  const at = deps.clock.now();
  let incident = input.incident;
  let previous: string | null;
  if (role === "commander") {
    previous = null;
    let same = false;
    const updated = deps.incidents.updateWith(incident.id, (current) => {
      previous = current.commander;
      if (current.commander === userId) {
        same = true;
        return null;
      }
      return {
        patch: { commander: userId },
        event: roleEvent(role, userId, previous, at, input.actor),
      };
    });
    if (same || !updated) return { kind: "unchanged", incident, role, userId };
    incident = updated;
  } else {
    previous = deps.roles.list(incident.id).find((r) => r.role === role)?.userId ?? null;
    if (previous === userId) return { kind: "unchanged", incident, role, userId };
    deps.roles.assign(
      { incidentId: incident.id, role, userId, assignedAt: at },
      roleEvent(role, userId, previous, at, input.actor),
    );
  }
  const change = { role, userId, previous: previous ?? null, actorUserId: input.actorUserId };
  deps.outbox.add(incident.id, { kind: "invite", users: [userId] });
  syncChannel(deps, incident, deps.messages.roleAssigned(incident, change), role === "commander");
  deps.outbox.add(incident.id, {
    kind: "dm",
    user: userId,
    message: deps.messages.roleBriefing(incident, change),
  });
  return { kind: "assigned", incident, role, userId, previous: change.previous };
}

function roleEvent(role: Role, userId: string, previous: string | null, at: Date, actor: Actor) {
  return {
    kind: "role_assigned" as const,
    occurredAt: at,
    actor,
    text: `${ROLE_TITLES[role]}: <@${userId}>${previous ? ` (was <@${previous}>)` : ""}`,
    data: { role, userId, previous },
  };
}
