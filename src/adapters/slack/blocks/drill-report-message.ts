import { type Incident, incidentRef } from "../../../domain/incident/incident.js";
import { MTTA_TARGET_MS } from "../../../domain/review/report.js";
import { formatDuration } from "../../../domain/time/duration.js";
import type { ChatMessage } from "../../../ports/chat.js";
import type { DrillMeasures } from "../../../ports/incident-messages.js";
import { sectionMessage } from "./parts.js";

const show = (ms: number | null) => (ms === null ? "not reached" : formatDuration(ms));

/** Posted in the drill's channel when it is resolved: the times measured against the handbook. */
export function drillReportMessage(incident: Incident, drill: DrillMeasures): ChatMessage {
  const ack = drill.msToAcknowledge;
  const ackVerdict =
    ack === null
      ? ""
      : ack <= MTTA_TARGET_MS
        ? " :white_check_mark: (target < 5m)"
        : " :warning: (target < 5m)";
  const exercised = drill.playbookIds.length
    ? drill.playbookIds.map((id) => `\`${id}\``).join(", ")
    : "none linked";
  return sectionMessage(
    [
      `:test_tube: *Drill ${incidentRef(incident)} complete*`,
      `Time to acknowledge: *${show(ack)}*${ackVerdict}`,
      `Time to mitigate: *${show(drill.msToMitigate)}*`,
      `Time to resolve: *${show(drill.msToResolve)}*`,
      `Playbooks exercised (last drilled updated): ${exercised}`,
    ].join("\n"),
  );
}
