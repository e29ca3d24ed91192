import { BOT_ACTOR, slackActor } from "../../domain/timeline/timeline-event.js";
import type { PlaybookReview } from "../../ports/followup-store.js";
import type { Deps } from "../deps.js";
import { isSlackUserId } from "../../domain/text/mentions.js";
import type { PlaybookReviewDeps } from "./ask-playbook-reviews.js";

export type RemindResult = "reminded" | "confirmed" | "reminded-already" | "not-found";

/** The reminder's timer fired: remind the owner once, unless they confirmed the update already. */
export function remindPlaybookReview(
  deps: PlaybookReviewDeps & Pick<Deps, "incidents">,
  reviewId: number,
): RemindResult {
  const review = deps.playbookReviews.get(reviewId);
  const incident = review && deps.incidents.get(review.incidentId);
  if (!review || !incident) return "not-found";
  if (review.confirmedAt) return "confirmed";
  const playbook = deps.playbooks.get(review.playbookId);
  const now = deps.clock.now();
  return deps.transaction((): RemindResult => {
    if (!deps.playbookReviews.markReminded(review.id, now)) return "reminded-already";
    const title = playbook?.title ?? review.playbookId;
    deps.timeline.append({
      incidentId: incident.id,
      kind: "playbook_review_reminded",
      occurredAt: now,
      actor: BOT_ACTOR,
      text: `Reminded ${review.owner}: playbook "${title}" still waits for its post-incident update`,
      data: { reviewId: review.id, playbookId: review.playbookId, owner: review.owner },
    });
    if (playbook) {
      const message = deps.followupMessages.remindPlaybookUpdate(
        incident,
        playbook,
        review,
        deps.playbooks.url(playbook.id),
      );
      deps.outbox.add(
        incident.id,
        isSlackUserId(review.owner) ? { kind: "dm", user: review.owner, message } : { kind: "post", message },
      );
    }
    return "reminded";
  });
}

export type ConfirmResult =
  | { kind: "confirmed"; reviews: PlaybookReview[] }
  | { kind: "nothing-open"; playbookId: string };

/**
 * The owner (or whoever updated it) confirms the playbook was updated: the open reviews of that
 * playbook (of one incident when given, else all of them) are closed and their timers dropped.
 */
export async function confirmPlaybookReview(
  deps: PlaybookReviewDeps,
  input: { playbookId?: string; reviewId?: number; incidentId?: number; userId: string },
): Promise<ConfirmResult> {
  const now = deps.clock.now();
  const open = deps.playbookReviews
    .open()
    .filter(
      (r) =>
        (input.reviewId === undefined || r.id === input.reviewId) &&
        (input.playbookId === undefined || r.playbookId === input.playbookId) &&
        (input.incidentId === undefined || r.incidentId === input.incidentId),
    );
  const confirmed = deps.transaction(() =>
    open.filter((review) => {
      if (!deps.playbookReviews.confirm(review.id, input.userId, now)) return false;
      deps.timeline.append({
        incidentId: review.incidentId,
        kind: "playbook_reviewed",
        occurredAt: now,
        actor: slackActor(input.userId),
        text: `Playbook "${review.playbookId}" updated after the review`,
        data: { reviewId: review.id, playbookId: review.playbookId },
      });
      return true;
    }),
  );
  for (const review of confirmed) await deps.reviewReminders.cancel(review.id);
  if (confirmed.length === 0) {
    const id = input.playbookId ?? deps.playbookReviews.get(input.reviewId ?? -1)?.playbookId ?? "?";
    return { kind: "nothing-open", playbookId: id };
  }
  return { kind: "confirmed", reviews: confirmed };
}

/** Timers Redis lost (restart, flush): every open review not reminded yet gets its timer back. */
export async function reconcilePlaybookReviews(
  deps: Pick<Deps, "playbookReviews" | "reviewReminders" | "logger">,
): Promise<number> {
  let restored = 0;
  for (const review of deps.playbookReviews.open())
    if (!review.remindedAt && (await deps.reviewReminders.restore(review.id, review.remindAt))) restored++;
  deps.logger.info({ restored }, "playbook review reminders reconciled with the record");
  return restored;
}
