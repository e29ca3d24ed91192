import type { NewPublication, Publication } from "../domain/status-page/status-page.js";
import type { PendingEvent } from "./incident-store.js";

/** The public status page's record: what was published, when, by whom. */
export interface StatusPublications {
  /** Stores the publication and its timeline event in one transaction. */
  publish(publication: NewPublication, event: PendingEvent): Publication;
  /** Every publication, oldest first (the page keeps what is open or recent). */
  all(): Publication[];
  forIncident(incidentId: number): Publication[];
}
