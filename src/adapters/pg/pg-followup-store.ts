import type { FollowupStore, PlaybookReviewStore } from "../../ports/followup-store.js";
import type { SyncPg } from "./sync-pg.js";
import { unbuilt } from "./unbuilt.js";

// STUB: to be written (PostgreSQL version of the SQLite store).
export function createPgFollowupStores(db: SyncPg): {
  followups: FollowupStore;
  playbookReviews: PlaybookReviewStore;
} {
  void db;
  return { followups: unbuilt("followups"), playbookReviews: unbuilt("playbookReviews") };
}
