import type { Incident } from "../../domain/incident/incident.js";
import { BOT_ACTOR } from "../../domain/timeline/timeline-event.js";
import { type LinkDeps, linkedPlaybookIds, linkMatchingPlaybooks } from "./link-playbooks.js";

/** A new incident gets the playbooks its title or service match ("each alert links to a playbook"). */
export async function linkPlaybooksOnDeclare(deps: LinkDeps, incident: Incident): Promise<void> {
  const linked = await linkMatchingPlaybooks(deps, incident, BOT_ACTOR);
  // An alert's playbook is linked in the declaration itself (app/alerts): that one answers too.
  if (linked.length === 0 && linkedPlaybookIds(deps, incident.id).length === 0)
    deps.outbox.add(incident.id, { kind: "post", message: deps.messages.noPlaybookMatches(incident) });
}

/** A new title or service may match other playbooks: those are linked too (none is unlinked). */
export async function linkPlaybooksOnDetailsChange(deps: LinkDeps, incident: Incident): Promise<void> {
  await linkMatchingPlaybooks(deps, incident, BOT_ACTOR);
}
