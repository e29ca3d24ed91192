import { incidentRef } from "../incident/incident.js";
import type { Review } from "./review.js";
import { custodyJson } from "./review-custody.js";
import { formatDateTime } from "../time/time-zone.js";
import { dayIn, followupState } from "../followups/followup.js";
import type { TimelineEntry } from "../timeline/timeline-view.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The review as JSON: the same entries as the Markdown table (`timeline`), each time as ISO UTC
 * plus `local` in the requested zone, and the raw chained events (`events`) for audits. Dates
 * are left as Date objects where JSON.stringify turns them into ISO UTC strings.
 */
export function reviewToJson(review: Review, zone = "UTC"): Record<string, unknown> {
  const local = (d: Date) => formatDateTime(d, zone);
  const entry = (e: TimelineEntry) => ({
    seq: e.seq,
    kind: e.kind,
    actor: e.actor,
    text: e.text,
    occurredAt: iso(e.occurredAt),
    local: local(e.occurredAt),
    source: e.source,
    files: e.files,
    // Dates serialise as ISO UTC on their own; the raw data is in `events` once, not twice.
    corrections: e.corrections,
    revisions: e.revisions,
    deleted: e.deleted,
  });
  const { incident } = review;
  return {
    incident: {
      ...incident,
      ref: incidentRef(incident),
      declaredAt: iso(incident.declaredAt),
      acknowledgedAt: iso(incident.acknowledgedAt),
      mitigatedAt: iso(incident.mitigatedAt),
      resolvedAt: iso(incident.resolvedAt),
    },
    generatedAt: iso(review.generatedAt),
    timeZone: zone,
    keyTimes: Object.fromEntries(Object.entries(review.keyTimes).map(([k, v]) => [k, iso(v)])),
    durations: review.durations,
    responders: review.responders.map((r) => ({ ...r, firstSeen: iso(r.firstSeen) })),
    escalation: review.escalation.map((e) => ({ ...e, at: iso(e.at), local: local(e.at) })),
    statusUpdates: review.statusUpdates.map(entry),
    followUps: review.followUps.map(entry),
    actionItems: review.actionItems.map((a) => ({
      ...a,
      state: followupState(a, dayIn(review.generatedAt, zone)),
      doneAt: iso(a.doneAt),
    })),
    timeline: review.timeline.map(entry),
    events: review.events,
    chain: review.chain,
    people: review.people,
    ...(review.custody ? { custody: custodyJson(review.custody) } : {}),
  };
}
