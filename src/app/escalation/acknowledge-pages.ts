import type { Target } from "../../domain/escalation/escalation-matrix.js";
import type { Incident } from "../../domain/incident/incident.js";
import { BOT_ACTOR } from "../../domain/timeline/timeline-event.js";
import type { PageRecord } from "../../ports/escalation-store.js";
import type { Deps } from "../deps.js";
import { RetryLater } from "./step-attempt.js";
import { forEachOpenPage, stopEscalation } from "./stop-escalation.js";

type AckDeps = Pick<Deps, "clock" | "logger" | "timeline" | "escalations" | "pager" | "incidents" | "matrix">;

/**
 * The escalation follows the incident's status: resolving stops it (`stopEscalation`); the first
 * acknowledgement (or a mitigation before anyone acknowledged) queues a job that sends PagerDuty
 * `acknowledge`, so it stops notifying and escalating on its own.
 */
export async function followStatus(
  deps: Parameters<typeof stopEscalation>[0],
  incident: Incident,
  from: Incident["status"],
): Promise<void> {
  if (incident.status === "resolved") await stopEscalation(deps, incident);
  else await acknowledgePagesOnAck(deps, incident, from);
}

/** The incident was acknowledged, or mitigated before anyone acknowledged: PagerDuty is told. */
export async function acknowledgePagesOnAck(
  deps: Pick<Deps, "scheduler">,
  incident: Incident,
  from: Incident["status"],
): Promise<void> {
  if (from === "declared" && incident.status !== "resolved")
    await deps.scheduler.acknowledgePages(incident.id);
}

/**
 * The acknowledge job: each page PagerDuty took before the acknowledgement, not acknowledged
 * there already (an ack that came from PagerDuty is never sent back to it), nor by us, nor
 * resolved, gets an `acknowledge` with its routing and dedup key, once (`pagerduty_acked_at`).
 * A page delivered after the acknowledgement (a step that runs `until: resolved`) is left
 * ringing: that person is meant to be paged. Transient failures are retried like resolves;
 * a refusal is a warning in the timeline.
 */
export async function acknowledgeOpenPages(deps: AckDeps, incidentId: number): Promise<number> {
  return forEachOpenPage(
    deps,
    incidentId,
    (page, incident) => {
      const answeredAt = incident.acknowledgedAt ?? incident.mitigatedAt;
      if (incident.status === "resolved" || !answeredAt || !page.pagerdutySentAt) return false;
      const open = !page.resolvedAt && !page.acknowledgedAt && !page.pagerdutyAckedAt;
      return open && page.pagerdutySentAt <= answeredAt;
    },
    (incident, target, page) => acknowledgePage(deps, incident, target, page),
  );
}

async function acknowledgePage(
  deps: AckDeps,
  incident: Incident,
  target: Target,
  page: PageRecord,
): Promise<boolean> {
  if (!target.pagerduty) return false;
  const result = await deps.pager.acknowledge(target.pagerduty.routingKey, page.dedupKey);
  const at = deps.clock.now();
  const data = { target: page.target, dedupKey: page.dedupKey };
  if (result.ok) {
    deps.escalations.stampPage(
      page.id,
      { pagerdutyAckedAt: at },
      {
        incidentId: incident.id,
        kind: "page_ack_sent",
        occurredAt: at,
        actor: BOT_ACTOR,
        text: `Acknowledged the PagerDuty page of ${target.name}`,
        data,
      },
    );
    return true;
  }
  if (!result.permanent) {
    throw new RetryLater(`PagerDuty did not take the acknowledge for ${target.name} (${result.code})`);
  }
  deps.timeline.append({
    incidentId: incident.id,
    kind: "warning",
    occurredAt: at,
    actor: BOT_ACTOR,
    text: `PagerDuty refused the acknowledge for ${target.name} (${result.code}: ${result.message}); acknowledge it in PagerDuty`,
    data: { ...data, code: result.code },
  });
  return false;
}
