import { formatDuration } from "../../domain/time/duration.js";
import type { Deps } from "../deps.js";
import { changeStatus } from "../incident/change-status.js";

export interface PagerDutyIncidentEvent {
  type: string;
  dedupKey: string | null;
  agent: string | null;
}

export type PagerDutyEventResult =
  | { kind: "handled"; incidentId: number }
  | { kind: "ignored"; reason: string };

/**
 * PagerDuty says someone acknowledged or resolved one of our pages. Acknowledging a page
 * acknowledges the incident (time to acknowledge is recorded on both); resolving a page closes
 * that page only: the incident stays open until someone resolves it in Slack. The page acknowledged
 * here is stamped first, so the acknowledge job that the incident's acknowledgement queues never
 * sends it back to PagerDuty (the incident's other open pages do get it).
 */
export async function handlePagerDutyEvent(
  deps: Pick<Deps, "clock" | "incidents" | "escalations" | "matrix"> & Parameters<typeof changeStatus>[0],
  event: PagerDutyIncidentEvent,
): Promise<PagerDutyEventResult> {
  if (event.type !== "incident.acknowledged" && event.type !== "incident.resolved") {
    return { kind: "ignored", reason: `${event.type} needs no action` };
  }
  const page = event.dedupKey ? deps.escalations.pageByDedupKey(event.dedupKey) : null;
  if (!page) return { kind: "ignored", reason: "not a page imoc sent" };
  const incident = deps.incidents.get(page.incidentId);
  if (!incident) return { kind: "ignored", reason: "incident not found" };
  const at = deps.clock.now();
  const who = event.agent ?? "someone";
  const actor = `pagerduty:${who}`;
  const target = deps.matrix.targets[page.target]?.name ?? page.target;
  if (event.type === "incident.acknowledged") {
    if (!page.acknowledgedAt) {
      const sincePage = at.getTime() - (page.pagerdutySentAt ?? page.claimedAt).getTime();
      deps.escalations.stampPage(
        page.id,
        { acknowledgedAt: at },
        {
          incidentId: incident.id,
          kind: "page_acknowledged",
          occurredAt: at,
          actor,
          text: `${who} acknowledged the page of ${target} in PagerDuty after ${formatDuration(sincePage)}`,
          data: { target: page.target, msToAcknowledge: sincePage },
        },
      );
    }
    await changeStatus(deps, { incidentId: incident.id, to: "acknowledged", actor, actorUserId: null });
  } else if (!page.resolvedAt) {
    deps.escalations.stampPage(
      page.id,
      { resolvedAt: at },
      {
        incidentId: incident.id,
        kind: "page_resolved",
        occurredAt: at,
        actor,
        text: `${who} resolved the page of ${target} in PagerDuty`,
        data: { target: page.target },
      },
    );
  }
  return { kind: "handled", incidentId: incident.id };
}
