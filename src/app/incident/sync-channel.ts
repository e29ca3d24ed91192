import type { Incident } from "../../domain/incident/incident.js";
import type { ChatMessage } from "../../ports/chat.js";
import type { Deps } from "../deps.js";

/**
 * Keeps the incident channel in step with the record: the topic refreshed (rendered from the
 * record when the job runs) and a line posted, through the outbox: Slack being unavailable
 * delays them, never the state change, which is already recorded.
 */
export function syncChannel(
  deps: Pick<Deps, "outbox">,
  incident: Incident,
  message: ChatMessage | null,
  topic = true,
): void {
  deps.outbox.add(
    incident.id,
    ...(topic ? [{ kind: "topic" as const }] : []),
    ...(message ? [{ kind: "post" as const, message }] : []),
  );
}
