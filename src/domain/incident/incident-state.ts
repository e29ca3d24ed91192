import type { Incident, IncidentStatus } from "./incident.js";

/**
 * The incident lifecycle only moves forward: declared → acknowledged → mitigated → resolved.
 * Steps may be skipped (a fix can land before anyone acknowledges). Repeating a step, or asking
 * for an earlier one, is an expected outcome the user is told about, not an error.
 */
const ORDER: Record<IncidentStatus, number> = { declared: 0, acknowledged: 1, mitigated: 2, resolved: 3 };

export type TransitionTarget = Exclude<IncidentStatus, "declared">;

export type TransitionOutcome =
  | { kind: "changed"; from: IncidentStatus; to: TransitionTarget; patch: StatusPatch }
  | { kind: "already"; status: IncidentStatus }
  | { kind: "not-allowed"; status: IncidentStatus; reason: string };

export interface StatusPatch {
  status: TransitionTarget;
  acknowledgedAt?: Date;
  mitigatedAt?: Date;
  resolvedAt?: Date;
}

export function transition(
  incident: Pick<Incident, "status" | "acknowledgedAt" | "mitigatedAt">,
  to: TransitionTarget,
  at: Date,
): TransitionOutcome {
  const from = incident.status;
  if (from === to) return { kind: "already", status: from };
  if (ORDER[to] < ORDER[from]) {
    return {
      kind: "not-allowed",
      status: from,
      reason: `the incident is already ${from}; it cannot go back to ${to}`,
    };
  }
  const patch: StatusPatch = { status: to };
  if (to === "acknowledged") patch.acknowledgedAt = at;
  if (to === "mitigated") patch.mitigatedAt = at;
  if (to === "resolved") {
    patch.resolvedAt = at;
    // Resolving without an explicit mitigation means it was mitigated at the same moment.
    if (!incident.mitigatedAt) patch.mitigatedAt = at;
  }
  return { kind: "changed", from, to, patch };
}

export function canChangeSeverity(incident: Pick<Incident, "status">): boolean {
  return incident.status !== "resolved";
}
