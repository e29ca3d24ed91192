import { isSlackUserId } from "../../domain/text/mentions.js";
import type { Incident } from "../../domain/incident/incident.js";
import type { Playbook } from "../../domain/playbooks/playbook.js";
import { BOT_ACTOR } from "../../domain/timeline/timeline-event.js";
import type { PlaybookReview } from "../../ports/followup-store.js";
import type { Deps } from "../deps.js";
import { linkedPlaybookIds } from "./link-playbooks.js";

export type PlaybookReviewDeps = Pick<
  Deps,
  | "clock"
  | "logger"
  | "timeline"
  | "outbox"
  | "transaction"
  | "playbooks"
  | "playbookReviews"
  | "reviewReminders"
  | "followupMessages"
  | "followupSettings"
>;

/** A playbook owner we can DM: a Slack user id (`U123`). Handles (`@dana`) are named in the channel. */

/**
 * "Post-incident reviews update playbooks within 48 hours": once a SEV-1 or SEV-2 is resolved
 * (drills aside), the commander is reminded to hold the review and the owner of every linked
 * playbook is asked to update it, with a reminder after the delay unless they confirm first.
 */
export async function askPlaybookReviews(deps: PlaybookReviewDeps, incident: Incident): Promise<void> {
  if (incident.status !== "resolved" || incident.drill || incident.severity === "sev3") return;
  const now = deps.clock.now();
  const remindAt = new Date(now.getTime() + deps.followupSettings.playbookReviewDelayMs);
  const playbooks = linkedPlaybookIds(deps, incident.id)
    .map((id) => deps.playbooks.get(id))
    .filter((p): p is Playbook => p !== null);
  const asked = deps.transaction(() => {
    const rows: Array<{ review: PlaybookReview; playbook: Playbook }> = [];
    for (const playbook of playbooks) {
      const review = deps.playbookReviews.add({
        incidentId: incident.id,
        playbookId: playbook.id,
        owner: playbook.owner,
        askedAt: now,
        remindAt,
      });
      if (!review) continue;
      rows.push({ review, playbook });
      const url = deps.playbooks.url(playbook.id);
      deps.timeline.append({
        incidentId: incident.id,
        kind: "playbook_review_requested",
        occurredAt: now,
        actor: BOT_ACTOR,
        text: `Asked ${playbook.owner} to update playbook "${playbook.title}" by ${remindAt.toISOString()}`,
        data: {
          reviewId: review.id,
          playbookId: playbook.id,
          owner: playbook.owner,
          remindAt: remindAt.toISOString(),
        },
      });
      const message = deps.followupMessages.askPlaybookUpdate(incident, playbook, review, url);
      deps.outbox.add(
        incident.id,
        isSlackUserId(playbook.owner)
          ? { kind: "dm", user: playbook.owner, message }
          : { kind: "post", message },
      );
    }
    // The commander hears once per incident, even if it is reopened and resolved again.
    const commander = incident.commander ?? incident.declaredBy;
    if (!deps.timeline.list(incident.id).some((e) => e.kind === "review_requested")) {
      deps.timeline.append({
        incidentId: incident.id,
        kind: "review_requested",
        occurredAt: now,
        actor: BOT_ACTOR,
        text: `Reminded <@${commander}> to hold the post-incident review`,
        data: { commander, playbookIds: playbooks.map((p) => p.id) },
      });
      deps.outbox.add(incident.id, {
        kind: "dm",
        user: commander,
        message: deps.followupMessages.holdReview(incident, playbooks),
      });
    }
    return rows;
  });
  for (const { review } of asked) await deps.reviewReminders.schedule(review.id, review.remindAt);
}
