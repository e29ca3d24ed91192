import type { ConfirmResult } from "../../../app/playbooks/remind-playbook-review.js";

/** The answer to `/incident playbook reviewed <id>` and to the *Playbook updated* button. */
export function playbookReviewedReply(result: ConfirmResult): string {
  if (result.kind === "nothing-open")
    return `No post-incident update of \`${result.playbookId}\` is waiting: nothing to confirm (it was confirmed already, or no resolved SEV-1/SEV-2 linked it).`;
  const incidents = [...new Set(result.reviews.map((r) => `INC-${r.incidentId}`))].join(", ");
  return `:white_check_mark: Thanks: the update of \`${result.reviews[0]!.playbookId}\` after ${incidents} is recorded; no reminder will follow.`;
}
