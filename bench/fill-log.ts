import type { IncidentStore, Timeline } from "../src/ports/incident-store.js";
import type { TimelineKind } from "../src/domain/timeline/timeline-event.js";

export const BENCH_START = Date.UTC(2026, 10, 25, 21, 0);
const kinds: TimelineKind[] = ["note", "message_recorded", "status_update", "page_sent", "page_acknowledged"];

/** The benches' incident: a SEV-1 whose log gets `events` events (the declaration included); returns its id and the append time. */
export function fillBenchIncident(
  stores: { incidents: IncidentStore; timeline: Timeline },
  events: number,
): { incidentId: number; appendMs: number } {
  const start = BENCH_START;
  const incident = stores.incidents.create(
    {
      title: "Bench: checkout API returns 500s",
      description: null,
      severity: "sev1",
      security: false,
      declaredBy: "U1",
      declaredAt: new Date(start),
    },
    () => ({ kind: "declared", occurredAt: new Date(start), actor: "slack:U1", text: "Declared SEV-1" }),
  );
  const t0 = performance.now();
  for (let i = 1; i < events; i++) {
    const kind = kinds[i % kinds.length] as TimelineKind;
    stores.timeline.append({
      incidentId: incident.id,
      kind,
      occurredAt: new Date(start + i * 1000),
      actor: i % 3 ? "slack:U1" : "bot",
      text: `Event ${i}: error rate ${i % 100}% on /checkout | region eu-west-1`,
      data: kind.startsWith("page_") ? { target: "primary", targetLabel: "Primary on-call" } : { i },
      source:
        kind === "message_recorded"
          ? {
              channelId: "C1",
              messageTs: `${start / 1000 + i}.000100`,
              permalink: `https://x.slack.com/archives/C1/p${i}`,
            }
          : null,
    });
  }
  return { incidentId: incident.id, appendMs: performance.now() - t0 };
}
