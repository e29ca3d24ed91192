import { type Incident, incidentRef } from "../../../domain/incident/incident.js";
import { severityLabel } from "../../../domain/incident/severity.js";
import type { ChatMessage } from "../../../ports/chat.js";
import { ACTIONS } from "./incident-messages.js";
import { ALERT_ACTIONS, incidentSubject } from "./alert-messages.js";
import { button, section, withoutBroadcasts } from "./parts.js";

/** The DM a paged person gets; the button is the intro's Acknowledge, so one listener serves both. */
export function pageMessage(incident: Incident, targetName: string, elapsed: string): ChatMessage {
  const where = incident.channelId ? ` Join <#${incident.channelId}>.` : "";
  const text = `:rotating_light: You are paged as ${targetName} for ${incidentRef(incident)} (${severityLabel(incident.severity, incident.security)}, T+${elapsed}): ${incident.title}.${where}`;
  return withoutBroadcasts({
    text,
    blocks: [
      section(text),
      {
        type: "actions",
        block_id: "page_actions",
        elements: [
          {
            type: "button",
            text: { type: "plain_text", text: "Acknowledge", emoji: true },
            action_id: ACTIONS.acknowledge,
            value: String(incident.id),
            style: "primary",
          },
          // issue 10: was this page worth waking up for? (actionability, per alert and playbook)
          button("Actionable", ALERT_ACTIONS.actionable, incidentSubject(incident.id)),
          button("Noise", ALERT_ACTIONS.noise, incidentSubject(incident.id)),
        ],
      },
    ],
  });
}
