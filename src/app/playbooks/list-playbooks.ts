import type { Incident } from "../../domain/incident/incident.js";
import { matchPlaybooks, type Playbook } from "../../domain/playbooks/playbook.js";
import type { Deps } from "../deps.js";
import { linkedPlaybookIds } from "./link-playbooks.js";

export interface PlaybookEntry {
  playbook: Playbook;
  url: string;
  /** How the playbook stands to the incident; null outside an incident. */
  standing: "linked" | "matches" | null;
}

/** Every playbook; for an incident, the ones that match it first. */
export function listPlaybooks(
  deps: Pick<Deps, "playbooks" | "timeline">,
  incident: Incident | null,
): PlaybookEntry[] {
  const all = deps.playbooks.all();
  const linked = new Set(incident ? linkedPlaybookIds(deps, incident.id) : []);
  const matched = incident ? matchPlaybooks(all, incident).map((m) => m.playbook) : [];
  const ordered = [...matched, ...all.filter((p) => !matched.includes(p))];
  return ordered.map((playbook) => ({
    playbook,
    url: deps.playbooks.url(playbook.id),
    standing: linked.has(playbook.id) ? "linked" : matched.includes(playbook) ? "matches" : null,
  }));
}
