import { DEFAULT_ALERT_ROUTING } from "../../domain/alerts/alert-routing.js";
import type { Incident } from "../../domain/incident/incident.js";
import { BOT_ACTOR } from "../../domain/timeline/timeline-event.js";
import type { Deps } from "../deps.js";
import { routingOf } from "./alert-context.js";

export type UnacknowledgedDeps = Pick<
  Deps,
  | "clock"
  | "incidents"
  | "escalations"
  | "timeline"
  | "outbox"
  | "transaction"
  | "scheduler"
  | "matrix"
  | "alertMessages"
>;

const watched = (i: Incident) => (i.severity === "sev1" || i.severity === "sev2") && i.status === "declared";
const said = (deps: Pick<Deps, "timeline">, id: number) =>
  deps.timeline.list(id).some((e) => e.kind === "unacknowledged");
const afterMs = (deps: Pick<Deps, "matrix">) =>
  routingOf(deps).unacknowledgedAfterMs ?? DEFAULT_ALERT_ROUTING.unacknowledgedAfterMs ?? 5 * 60_000;

/** When the line is due: 5 minutes after the first page, or after now when nobody is paged yet. */
function dueAt(deps: Pick<Deps, "clock" | "escalations" | "matrix">, incident: Incident): Date {
  const first = deps.escalations
    .pages(incident.id)
    .map((p) => p.claimedAt.getTime())
    .sort((a, b) => a - b)[0];
  return new Date((first ?? deps.clock.now().getTime()) + afterMs(deps));
}

/**
 * A SEV-1/SEV-2 gets its "not acknowledged" check on the timers queue when it is declared (or
 * raised to SEV-1/2), and again from the reconcile after a restart (job id per incident; the
 * check itself says its line at most once).
 */
export async function watchAcknowledgement(
  deps: Pick<Deps, "clock" | "escalations" | "timeline" | "scheduler" | "matrix">,
  incident: Incident,
): Promise<boolean> {
  if (!watched(incident) || said(deps, incident.id) || !deps.scheduler.scheduleAckCheck) return false;
  await deps.scheduler.scheduleAckCheck(incident.id, dueAt(deps, incident));
  return true;
}

export type AckCheckResult = "said" | "not-needed" | "later";

/** Runs when due: one line in the channel naming who was paged, unless someone acknowledged. */
export async function checkAcknowledgement(
  deps: UnacknowledgedDeps,
  incidentId: number,
): Promise<AckCheckResult> {
  const incident = deps.incidents.get(incidentId);
  if (!incident || !watched(incident) || said(deps, incidentId)) return "not-needed";
  const pages = deps.escalations.pages(incidentId);
  // Nobody paged (a matrix without steps): nobody to name; a later severity change watches again.
  if (pages.length === 0) return "not-needed";
  const due = dueAt(deps, incident);
  if (deps.clock.now() < due) {
    await deps.scheduler.scheduleAckCheck?.(incidentId, due);
    return "later";
  }
  const paged = [...new Set(pages.map((p) => deps.matrix.targets[p.target]?.name ?? p.target))];
  const ms = afterMs(deps);
  deps.transaction(() => {
    deps.timeline.append({
      incidentId,
      kind: "unacknowledged",
      occurredAt: deps.clock.now(),
      actor: BOT_ACTOR,
      text: `Not acknowledged ${Math.round(ms / 1000)}s after the first page; paged: ${paged.join(", ")}`,
      data: { paged, afterMs: ms },
    });
    deps.outbox.add(incidentId, {
      kind: "post",
      message: deps.alertMessages.unacknowledged(incident, paged, ms),
    });
  });
  return "said";
}
