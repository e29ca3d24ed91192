import type { Incident } from "../../domain/incident/incident.js";
import { channelTopic } from "../../domain/incident/topic.js";
import type { ChatMessage } from "../../ports/chat.js";
import type { Deps } from "../deps.js";

/**
 * Keeps the incident channel in step with the record: topic refreshed, a line posted. Slack being
 * unavailable is logged, never thrown: the state change is already recorded.
 */
export async function syncChannel(
  deps: Pick<Deps, "chat" | "logger">,
  incident: Incident,
  message: ChatMessage | null,
): Promise<void> {
  if (!incident.channelId) return;
  try {
    await deps.chat.setTopic(incident.channelId, channelTopic(incident));
    if (message) await deps.chat.post(incident.channelId, message);
  } catch (error) {
    deps.logger.warn({ err: error, incidentId: incident.id }, "could not update the incident channel");
  }
}
