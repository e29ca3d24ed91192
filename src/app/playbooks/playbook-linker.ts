import { BOT_ACTOR } from "../../domain/timeline/timeline-event.js";
import type { IncidentObserver } from "../../ports/incident-observer.js";
import type { AppDeps } from "../deps.js";
import { linkMatchingPlaybooks } from "./link-playbooks.js";

/** Links matching playbooks when an incident is declared ("each alert links to a playbook"). */
export function playbookLinker(deps: AppDeps): IncidentObserver {
  return {
    name: "playbook linker",
    async detailsChanged(incident) {
      await linkMatchingPlaybooks(deps, incident, BOT_ACTOR);
    },
    async declared(incident) {
      const linked = await linkMatchingPlaybooks(deps, incident, BOT_ACTOR);
      if (linked.length === 0 && incident.channelId) {
        await deps.chat.post(incident.channelId, {
          text: ":grey_question: No playbook matches this title. `/incident playbook` lists them; `/incident playbook <id>` links one.",
        });
      }
    },
  };
}
