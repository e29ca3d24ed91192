import { restoreStatusUpdates } from "../comms/status-updates.js";
import { watchAcknowledgement } from "../alerts/unacknowledged.js";
import type { Deps } from "../deps.js";

export interface Reconciled {
  /** Step timers that were missing and are set again (a step already due runs at once). */
  steps: number;
  /** SEV-1 status-update clocks that were missing and run again, on their old cadence. */
  statusUpdates: number;
  /** Resolved incidents whose open PagerDuty pages get their `resolve` job again. */
  resolves: number;
}

/**
 * Redis holds the schedule, SQLite is the record: at start-up and whenever Redis is back, every
 * unfinished step of the current plan of every open incident gets its timer unless it has one,
 * every SEV-1 its status-update clock (not restarted), and every resolved incident with pages
 * PagerDuty still has open its resolve job. Harmless to run at any time: nothing that exists is
 * touched, and a step is claimed in SQLite before it pages, so it never pages twice.
 */
export async function reconcileSchedule(
  deps: Pick<Deps, "clock" | "logger" | "incidents" | "escalations" | "scheduler" | "matrix" | "timeline">,
): Promise<Reconciled> {
  const done: Reconciled = { steps: 0, statusUpdates: 0, resolves: 0 };
  for (const incident of deps.incidents.list()) {
    if (incident.status === "resolved") {
      const open = deps.escalations.pages(incident.id).some((p) => p.pagerdutySentAt && !p.resolvedAt);
      if (open) {
        await deps.scheduler.resolvePages(incident.id);
        done.resolves++;
      }
      continue;
    }
    const generation = deps.escalations.generation(incident.id);
    for (const step of deps.escalations.steps(incident.id)) {
      const unfinished = step.state === "pending" || step.state === "running";
      if (!unfinished || step.generation !== generation) continue;
      if (await deps.scheduler.restoreStep(step.jobId, incident.id, step.dueAt)) done.steps++;
    }
    if (await restoreStatusUpdates(deps, incident)) done.statusUpdates++;
    // issue 10: the "not acknowledged after 5 minutes" check survives a restart too.
    await watchAcknowledgement(deps, incident);
  }
  deps.logger.info({ ...done }, "schedule reconciled with the record");
  return done;
}
