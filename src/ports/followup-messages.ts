import type { Followup } from "../domain/followups/followup.js";
import type { Incident } from "../domain/incident/incident.js";
import type { Playbook } from "../domain/playbooks/playbook.js";
import type { ChatMessage } from "./chat.js";
import type { PlaybookReview } from "./followup-store.js";

/** The follow-up and playbook-review messages, built in adapters/slack/blocks (the use cases pass data). */
export interface FollowupMessages {
  /** The owner's DM, with a *Mark done* button. */
  assigned(incident: Incident, followup: Followup): ChatMessage;
  /** In the incident channel: recorded, for whom, by when. */
  recorded(incident: Incident, followup: Followup): ChatMessage;
  /** In the incident channel: done, by whom. */
  done(incident: Incident, followup: Followup): ChatMessage;
  /** Monday's DM to one owner: their overdue follow-ups. */
  overdueDigest(items: ReadonlyArray<{ followup: Followup; incident: Incident }>, today: string): ChatMessage;
  /** To the commander of a resolved SEV-1/SEV-2: hold the review; which playbook owners were asked. */
  holdReview(incident: Incident, playbooks: readonly Playbook[]): ChatMessage;
  /** To a playbook's owner: update it after this incident, with a *Playbook updated* button. */
  askPlaybookUpdate(incident: Incident, playbook: Playbook, review: PlaybookReview, url: string): ChatMessage;
  /** The reminder, when nobody confirmed within the delay. */
  remindPlaybookUpdate(
    incident: Incident,
    playbook: Playbook,
    review: PlaybookReview,
    url: string,
  ): ChatMessage;
}

/** Timers of the playbook-review reminders (BullMQ delayed jobs; the record has the rows). */
export interface ReviewReminders {
  schedule(reviewId: number, at: Date): Promise<void>;
  /** Sets the timer unless it exists; true when it was missing. */
  restore(reviewId: number, at: Date): Promise<boolean>;
  cancel(reviewId: number): Promise<void>;
}
