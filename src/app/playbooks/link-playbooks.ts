import type { Incident } from "../../domain/incident/incident.js";
import { bestMatches, matchPlaybooks, type Playbook } from "../../domain/playbooks/playbook.js";
import type { Actor } from "../../domain/timeline/timeline-event.js";
import type { Deps } from "../deps.js";

export type LinkDeps = Pick<Deps, "clock" | "timeline" | "playbooks" | "drills" | "outbox" | "messages">;

export type LinkResult =
  | { kind: "linked"; playbook: Playbook }
  | { kind: "already-linked"; playbook: Playbook };

/** Ids of the playbooks already linked to the incident, from its IMOC log. */
export function linkedPlaybookIds(deps: Pick<Deps, "timeline">, incidentId: number): string[] {
  return deps.timeline
    .list(incidentId)
    .filter((e) => e.kind === "playbook_linked")
    .map((e) => String(e.data.playbookId));
}

/**
 * Posts the playbook in the incident channel, bookmarks it and records the link. Linking the
 * same playbook twice is an answer, not a second bookmark. Synchronous, so its record writes can
 * join a caller's transaction. The timeline event comes first: the link is a fact even if Slack is
 * slow to show it.
 */
export function linkPlaybook(
  deps: LinkDeps,
  input: { incident: Incident; playbook: Playbook; actor: Actor; reason: string },
): LinkResult {
  const { incident, playbook } = input;
  if (linkedPlaybookIds(deps, incident.id).includes(playbook.id)) return { kind: "already-linked", playbook };
  const url = deps.playbooks.url(playbook.id);
  deps.timeline.append({
    incidentId: incident.id,
    kind: "playbook_linked",
    occurredAt: deps.clock.now(),
    actor: input.actor,
    text: `Linked playbook "${playbook.title}" (${input.reason})`,
    data: { playbookId: playbook.id, title: playbook.title, url, reason: input.reason },
  });
  const lastDrilled = latestDrill(deps, playbook);
  // The message carries the link too; a missing bookmark is an inconvenience, not a failure.
  deps.outbox.add(
    incident.id,
    {
      kind: "post",
      message: deps.messages.playbookLinked(playbook, url, { reason: input.reason, lastDrilled }),
    },
    { kind: "bookmark", title: `Playbook: ${playbook.title}`, link: url },
  );
  return { kind: "linked", playbook };
}

/** Links the best matches that are not linked yet; returns the ones it linked. */
export async function linkMatchingPlaybooks(
  deps: LinkDeps,
  incident: Incident,
  actor: Actor,
): Promise<Playbook[]> {
  const linked: Playbook[] = [];
  for (const match of bestMatches(matchPlaybooks(deps.playbooks.all(), incident))) {
    const result = linkPlaybook(deps, {
      incident,
      playbook: match.playbook,
      actor,
      reason: `matched ${match.reasons.join(", ")}`,
    });
    if (result.kind === "linked") linked.push(result.playbook);
  }
  return linked;
}

/** The later of the front matter's date and the newest drill record. */
export function latestDrill(deps: Pick<Deps, "drills">, playbook: Playbook): Date | null {
  const recorded = deps.drills.lastDrilled(playbook.id);
  const written = playbook.lastDrilled;
  if (!recorded) return written;
  if (!written) return recorded;
  return new Date(Math.max(recorded.getTime(), written.getTime()));
}
