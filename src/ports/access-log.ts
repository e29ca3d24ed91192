import type { AccessEntry } from "../domain/custody/access-entry.js";

export type { AccessEntry };

/** Who saw what: reads of security incidents, kept for the review. */
export interface AccessLog {
  record(entry: AccessEntry): void;
  list(incidentId: number): AccessEntry[];
}
