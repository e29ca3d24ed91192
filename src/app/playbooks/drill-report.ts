import type { Incident } from "../../domain/incident/incident.js";
import { formatDuration } from "../../domain/time/duration.js";
import { BOT_ACTOR } from "../../domain/timeline/timeline-event.js";
import type { DrillMeasures } from "../../ports/incident-messages.js";
import type { Deps } from "../deps.js";
import { linkedPlaybookIds } from "./link-playbooks.js";

/**
 * When a drill is resolved: post what was measured (time to acknowledge, to mitigate, to
 * resolve) and record the drill for each playbook it exercised, which moves their "last drilled".
 */
export async function reportDrill(
  deps: Pick<Deps, "clock" | "timeline" | "drills" | "outbox" | "messages">,
  incident: Incident,
): Promise<void> {
  const resolvedAt = incident.resolvedAt;
  if (!incident.drill || incident.status !== "resolved" || !resolvedAt) return;
  const since = (d: Date | null) => (d ? d.getTime() - incident.declaredAt.getTime() : null);
  const measures: DrillMeasures = {
    msToAcknowledge: since(incident.acknowledgedAt),
    msToMitigate: since(incident.mitigatedAt),
    msToResolve: since(resolvedAt),
    playbookIds: linkedPlaybookIds(deps, incident.id),
  };
  const { playbookIds } = measures;
  deps.drills.record(
    (playbookIds.length ? playbookIds : [null]).map((playbookId) => ({
      incidentId: incident.id,
      playbookId,
      drilledAt: resolvedAt,
      msToAcknowledge: measures.msToAcknowledge,
      msToMitigate: measures.msToMitigate,
    })),
  );
  const show = (ms: number | null) => (ms === null ? "not reached" : formatDuration(ms));
  deps.timeline.append({
    incidentId: incident.id,
    kind: "note",
    occurredAt: deps.clock.now(),
    actor: BOT_ACTOR,
    text: `Drill measured: acknowledge ${show(measures.msToAcknowledge)}, mitigate ${show(measures.msToMitigate)}, resolve ${show(measures.msToResolve)}`,
    data: { drill: true, ...measures },
  });
  deps.outbox.add(incident.id, { kind: "post", message: deps.messages.drillReport(incident, measures) });
}
