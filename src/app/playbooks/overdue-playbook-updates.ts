import type { WeeklyExtras } from "../../ports/incident-messages.js";
import type { Deps } from "../deps.js";

/**
 * Playbooks asked for a post-incident update that is not confirmed and past its reminder time.
 * Security incidents stay out: the weekly review goes to a public channel.
 */
export function overduePlaybookUpdates(
  deps: Pick<Deps, "incidents" | "playbooks" | "playbookReviews">,
  at: Date,
): NonNullable<WeeklyExtras["overduePlaybookUpdates"]> {
  return deps.playbookReviews.open().flatMap((r) => {
    const incident = deps.incidents.get(r.incidentId);
    if (!incident || incident.security || r.remindAt > at) return [];
    const title = deps.playbooks.get(r.playbookId)?.title ?? r.playbookId;
    return [{ playbookId: r.playbookId, title, owner: r.owner, incident, askedAt: r.askedAt }];
  });
}
