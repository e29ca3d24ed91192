import type { Playbook } from "../domain/playbooks/playbook.js";

/** The playbooks loaded at start-up (already checked), and where people can read them. */
export interface PlaybookLibrary {
  all(): readonly Playbook[];
  get(id: string): Playbook | null;
  /** Public URL of `GET /playbooks/{id}`, for messages and channel bookmarks. */
  url(id: string): string;
}
