import { formatDuration } from "../../domain/time/duration.js";
import { incidentRef } from "../../domain/incident/incident.js";
import { BOT_ACTOR } from "../../domain/timeline/timeline-event.js";
import type { Incident } from "../../domain/incident/incident.js";
import type { Deps } from "../deps.js";
import { linkedPlaybookIds } from "./link-playbooks.js";

/**
 * When a drill is resolved: post what was measured (time to acknowledge, to mitigate, to
 * resolve) and record the drill for each playbook it exercised, which moves their "last drilled".
 */
export async function reportDrill(deps: Deps, incident: Incident): Promise<void> {
  if (!incident.drill || incident.status !== "resolved" || !incident.resolvedAt) return;
  const since = (d: Date | null) => (d ? d.getTime() - incident.declaredAt.getTime() : null);
  const ack = since(incident.acknowledgedAt);
  const mitigate = since(incident.mitigatedAt);
  const resolve = since(incident.resolvedAt);
  const show = (ms: number | null) => (ms === null ? "not reached" : formatDuration(ms));
  const playbookIds = linkedPlaybookIds(deps, incident.id);
  deps.drills.record(
    (playbookIds.length ? playbookIds : [null]).map((playbookId) => ({
      incidentId: incident.id,
      playbookId,
      drilledAt: incident.resolvedAt as Date,
      msToAcknowledge: ack,
      msToMitigate: mitigate,
    })),
  );
  // The handbook's bar: mean time to acknowledge under 5 minutes.
  const ackVerdict =
    ack === null ? "" : ack <= 5 * 60_000 ? " :white_check_mark: (target < 5m)" : " :warning: (target < 5m)";
  const exercised = playbookIds.length ? playbookIds.map((id) => `\`${id}\``).join(", ") : "none linked";
  const text = [
    `:test_tube: *Drill ${incidentRef(incident)} complete*`,
    `Time to acknowledge: *${show(ack)}*${ackVerdict}`,
    `Time to mitigate: *${show(mitigate)}*`,
    `Time to resolve: *${show(resolve)}*`,
    `Playbooks exercised (last drilled updated): ${exercised}`,
  ].join("\n");
  deps.timeline.append({
    incidentId: incident.id,
    kind: "note",
    occurredAt: deps.clock.now(),
    actor: BOT_ACTOR,
    text: `Drill measured: acknowledge ${show(ack)}, mitigate ${show(mitigate)}, resolve ${show(resolve)}`,
    data: {
      drill: true,
      msToAcknowledge: ack,
      msToMitigate: mitigate,
      msToResolve: resolve,
      playbookIds,
    },
  });
  if (incident.channelId) {
    await deps.chat.post(incident.channelId, {
      text,
      blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
    });
  }
}
