import type { Incident } from "../../domain/incident/incident.js";
import { BOT_ACTOR } from "../../domain/timeline/timeline-event.js";
import type { Deps } from "../deps.js";
import { linkMatchingPlaybooks } from "./link-playbooks.js";

/** A new incident gets the playbooks its title or service match ("each alert links to a playbook"). */
export async function linkPlaybooksOnDeclare(deps: Deps, incident: Incident): Promise<void> {
  const linked = await linkMatchingPlaybooks(deps, incident, BOT_ACTOR);
  if (linked.length === 0 && incident.channelId) {
    await deps.chat.post(incident.channelId, {
      text: ":grey_question: No playbook matches this title. `/incident playbook` lists them; `/incident playbook <id>` links one.",
    });
  }
}
