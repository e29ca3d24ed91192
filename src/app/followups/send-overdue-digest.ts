import { dayIn, type Followup, weekOf } from "../../domain/followups/followup.js";
import type { Incident } from "../../domain/incident/incident.js";
import type { Deps } from "../deps.js";

export type DigestResult =
  | { kind: "sent"; week: string; owners: number }
  | { kind: "sent-already"; week: string };

/**
 * Monday's digest: each owner gets one DM listing their overdue follow-ups. Claimed per week in
 * the record with the DMs, so a rerun of the same week's job (retry, restart) sends nothing.
 */
export function sendOverdueDigest(
  deps: Pick<
    Deps,
    "clock" | "incidents" | "outbox" | "transaction" | "followups" | "followupMessages" | "followupSettings"
  >,
  at: Date,
): DigestResult {
  const today = dayIn(at, deps.followupSettings.zone);
  const week = weekOf(at, deps.followupSettings.zone);
  return deps.transaction((): DigestResult => {
    if (!deps.followups.claimDigest(week, deps.clock.now())) return { kind: "sent-already", week };
    const byOwner = new Map<string, Array<{ followup: Followup; incident: Incident }>>();
    for (const followup of deps.followups.list({ dueBefore: today })) {
      const incident = deps.incidents.get(followup.incidentId);
      if (!incident) continue;
      byOwner.set(followup.owner, [...(byOwner.get(followup.owner) ?? []), { followup, incident }]);
    }
    for (const [owner, items] of byOwner)
      deps.outbox.add(null, {
        kind: "dm",
        user: owner,
        message: deps.followupMessages.overdueDigest(items, today),
      });
    return { kind: "sent", week, owners: byOwner.size };
  });
}
