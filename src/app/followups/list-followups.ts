import { dayIn, type Followup, type FollowupStatus } from "../../domain/followups/followup.js";
import type { Deps } from "../deps.js";

export interface FollowupQuery {
  incidentId?: number;
  owner?: string;
  status?: FollowupStatus;
  overdue?: boolean;
  includeSecurity: boolean;
}

/** Follow-ups matching the query, and the day (team's zone) their overdue state is computed for. */
export function listFollowups(
  deps: Pick<Deps, "clock" | "followups" | "followupSettings">,
  q: FollowupQuery,
): { followups: Followup[]; today: string } {
  const today = dayIn(deps.clock.now(), deps.followupSettings.zone);
  const followups = deps.followups.list({
    ...(q.incidentId !== undefined ? { incidentId: q.incidentId } : {}),
    ...(q.owner ? { owner: q.owner } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.overdue ? { dueBefore: today } : {}),
    excludeSecurity: !q.includeSecurity,
  });
  return { followups, today };
}
