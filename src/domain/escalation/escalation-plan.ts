import { nextBusinessTime } from "./business-hours.js";
import type { EscalationMatrix, PolicyStep, UntilState } from "./escalation-matrix.js";
import type { Incident, IncidentStatus } from "../incident/incident.js";

export interface PlannedStep {
  index: number;
  target: string;
  afterMs: number;
  until: UntilState;
  dueAt: Date;
  /** Set when the step is decided at planning time (e.g. the target was already paged). */
  skipReason: string | null;
}

/**
 * The escalation plan for an incident from T0 (declaration or severity change). Pure: the clock
 * is the `t0` argument. Security incidents get the security policy's steps added to their
 * severity's plan; targets in `alreadyPaged` are planned as skipped so they are never paged twice.
 * Business hours delay only the severity's own steps: the security duty officer and legal are
 * involved at once whatever the severity (handbook: "involved immediately").
 */
export function planEscalation(
  incident: Pick<Incident, "severity" | "security">,
  matrix: EscalationMatrix,
  t0: Date,
  alreadyPaged: ReadonlySet<string> = new Set(),
): PlannedStep[] {
  const policy = matrix.policies[incident.severity];
  const steps: Array<PolicyStep & { anyTime?: true }> = [...policy.steps];
  if (incident.security)
    steps.push(...matrix.policies.security.steps.map((s) => ({ ...s, anyTime: true as const })));
  const seen = new Set<string>();
  const planned = steps.map((step) => {
    let dueAt = new Date(t0.getTime() + step.afterMs);
    if (policy.businessHoursOnly && !step.anyTime) dueAt = nextBusinessTime(dueAt, matrix.businessHours);
    let skipReason: string | null = null;
    if (alreadyPaged.has(step.target)) skipReason = "already paged for this incident";
    else if (seen.has(step.target)) skipReason = "an earlier step of this plan pages the same target";
    seen.add(step.target);
    return { target: step.target, afterMs: step.afterMs, until: step.until, dueAt, skipReason };
  });
  // Stable order by due time so the plan reads like a timeline; indexes follow that order.
  return planned
    .map((p, order) => ({ p, order }))
    .sort((a, b) => a.p.dueAt.getTime() - b.p.dueAt.getTime() || a.order - b.order)
    .map(({ p }, index) => ({ index, ...p }));
}

const RANK: Record<IncidentStatus, number> = { declared: 0, acknowledged: 1, mitigated: 2, resolved: 3 };

/** A step stops mattering once the incident reached its `until` state (or anything later). */
export function untilReached(status: IncidentStatus, until: UntilState): boolean {
  return RANK[status] >= RANK[until];
}

/** BullMQ job id: deterministic (adding twice is harmless), no `:`, never all digits. */
export function stepJobId(incidentId: number, generation: number, index: number): string {
  return `inc-${incidentId}-g${generation}-step-${index}`;
}

export function pageDedupKey(incidentId: number, target: string): string {
  return `imoc-inc-${incidentId}-${target}`;
}
