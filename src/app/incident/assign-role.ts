import { type Incident, incidentRef } from "../../domain/incident/incident.js";
import type { Actor } from "../../domain/timeline/timeline-event.js";
import type { Role } from "../../ports/role-store.js";
import type { Deps } from "../deps.js";
import { syncChannel } from "./sync-channel.js";

export const ROLE_DUTIES: Record<Role, { title: string; duties: string }> = {
  commander: {
    title: "Incident commander",
    duties:
      "You run the response: decide severity and next steps, assign work, keep people on one thread, and make sure status updates go out on time (every 15 minutes for SEV-1). You do not debug; you coordinate. Hand over explicitly with `/incident role commander @someone`.",
  },
  comms: {
    title: "Communications lead",
    duties:
      "You keep stakeholders informed: post status updates (`Post update` button), draft customer and support messages, and make sure product, support and customer success hear it from us first. Ask the commander before promising times.",
  },
  scribe: {
    title: "Scribe",
    duties:
      "You keep the IMOC log honest: record decisions, findings and actions with `/incident note …` as they happen, with times. The post-incident review is written from what you capture.",
  },
};

export type AssignRoleResult =
  | { kind: "assigned"; incident: Incident; role: Role; userId: string; previous: string | null }
  | { kind: "unchanged"; incident: Incident; role: Role; userId: string };

/**
 * Gives a role to a person: recorded with its timeline event, the person invited to the channel
 * and sent a DM that says what the role does. The commander also goes into the topic.
 */
export async function assignRole(
  deps: Deps,
  input: { incident: Incident; role: Role; userId: string; actor: Actor; actorUserId: string | null },
): Promise<AssignRoleResult> {
  const { role, userId } = input;
  const at = deps.clock.now();
  const title = ROLE_DUTIES[role].title;
  const by = input.actorUserId ? ` by <@${input.actorUserId}>` : "";
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
  if (incident.channelId) {
    try {
      await deps.chat.invite(incident.channelId, [userId]);
    } catch (error) {
      deps.logger.warn({ err: error, incidentId: incident.id }, "could not invite the role holder");
    }
  }
  const message = {
    text: `:busts_in_silhouette: <@${userId}> is now ${title.toLowerCase()}${by}.${previous ? ` (was <@${previous}>)` : ""}`,
  };
  if (role === "commander") await syncChannel(deps, incident, message);
  else if (incident.channelId) await deps.chat.post(incident.channelId, message).catch(() => undefined);
  try {
    const where = incident.channelId ? ` in <#${incident.channelId}>` : "";
    await deps.chat.directMessage(userId, {
      text: `You are the *${title}* for ${incidentRef(incident)} (${incident.title})${where}${by}.\n${ROLE_DUTIES[role].duties}`,
    });
  } catch (error) {
    deps.logger.warn({ err: error, incidentId: incident.id }, "could not DM the role holder");
  }
  return { kind: "assigned", incident, role, userId, previous: previous ?? null };
}

function roleEvent(role: Role, userId: string, previous: string | null, at: Date, actor: Actor) {
  return {
    kind: "role_assigned" as const,
    occurredAt: at,
    actor,
    text: `${ROLE_DUTIES[role].title}: <@${userId}>${previous ? ` (was <@${previous}>)` : ""}`,
    data: { role, userId, previous },
  };
}
