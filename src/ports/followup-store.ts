import type { Followup, FollowupStatus } from "../domain/followups/followup.js";

export type NewFollowup = Omit<Followup, "id" | "status" | "doneAt" | "doneBy">;

export interface FollowupFilter {
  incidentId?: number;
  owner?: string;
  status?: FollowupStatus;
  /** Open and due before this day (`YYYY-MM-DD`). */
  dueBefore?: string;
  /** Leave out the follow-ups of security incidents. */
  excludeSecurity?: boolean;
}

/**
 * Follow-ups (action items). Writes are synchronous so a use case puts the row, its timeline
 * event and the owner's DM in one transaction (`Deps.transaction`).
 */
export interface FollowupStore {
  add(followup: NewFollowup): Followup;
  get(id: number): Followup | null;
  list(filter?: FollowupFilter): Followup[];
  /** Marks it done; false when it was done already (the first one wins). */
  markDone(id: number, by: string, at: Date): boolean;
  /**
   * Claims the weekly digest of `week` (its Monday); false when that week's was sent already. Other
   * weekly runs claim their week under their own key (`weekly-review:<Monday>`).
   */
  claimDigest(week: string, at: Date): boolean;
}

export interface PlaybookReview {
  id: number;
  incidentId: number;
  playbookId: string;
  /** As the playbook's front matter says: a Slack user id or a handle. */
  owner: string;
  askedAt: Date;
  remindAt: Date;
  remindedAt: Date | null;
  confirmedAt: Date | null;
  confirmedBy: string | null;
}

/** Playbook owners asked to update a playbook after a review; one row per incident and playbook. */
export interface PlaybookReviewStore {
  /** Null when this incident already asked for this playbook (a resolve seen twice asks once). */
  add(
    review: Omit<PlaybookReview, "id" | "remindedAt" | "confirmedAt" | "confirmedBy">,
  ): PlaybookReview | null;
  get(id: number): PlaybookReview | null;
  /** Not confirmed yet (reminded or not). */
  open(): PlaybookReview[];
  forIncident(incidentId: number): PlaybookReview[];
  /** Stamps the reminder; false when it was reminded or confirmed already. */
  markReminded(id: number, at: Date): boolean;
  /** Stamps the confirmation; false when it was confirmed already. */
  confirm(id: number, by: string, at: Date): boolean;
}
