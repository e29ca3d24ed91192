import { ROLE_TITLES } from "../../../app/incident/assign-role.js";
import { type Incident, incidentRef } from "../../../domain/incident/incident.js";
import type { ChatMessage } from "../../../ports/chat.js";
import type { RoleChange } from "../../../ports/incident-messages.js";
import type { Role } from "../../../ports/role-store.js";
import { byUser } from "./parts.js";

/** What each role does, sent to the person who gets it. */
const ROLE_DUTIES: Record<Role, string> = {
  commander:
    "You run the response: decide severity and next steps, assign work, keep people on one thread, and make sure status updates go out on time (every 15 minutes for SEV-1). You do not debug; you coordinate. Hand over explicitly with `/incident role commander @someone`.",
  comms:
    "You keep stakeholders informed: post status updates (`Post update` button), draft customer and support messages, and make sure product, support and customer success hear it from us first. Ask the commander before promising times.",
  scribe:
    "You keep the IMOC log honest: record decisions, findings and actions with `/incident note …` as they happen, with times. The post-incident review is written from what you capture.",
};

export function roleAssignedMessage(_incident: Incident, change: RoleChange): ChatMessage {
  const was = change.previous ? ` (was <@${change.previous}>)` : "";
  return {
    text: `:busts_in_silhouette: <@${change.userId}> is now ${ROLE_TITLES[change.role].toLowerCase()}${byUser(change.actorUserId)}.${was}`,
  };
}

export function roleBriefingMessage(incident: Incident, change: RoleChange): ChatMessage {
  const where = incident.channelId ? ` in <#${incident.channelId}>` : "";
  return {
    text: `You are the *${ROLE_TITLES[change.role]}* for ${incidentRef(incident)} (${incident.title})${where}${byUser(change.actorUserId)}.\n${ROLE_DUTIES[change.role]}`,
  };
}
