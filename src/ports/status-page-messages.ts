import type { Incident } from "../domain/incident/incident.js";
import type { PublicState } from "../domain/status-page/status-page.js";
import type { ChatMessage } from "./chat.js";

/** What the status page's use cases post in Slack; pure builders in adapters/slack/blocks. */
export interface StatusPageMessages {
  /** In the incident channel: what customers now read, and where. */
  published(
    incident: Incident,
    input: { state: PublicState; text: string; url: string; byUserId: string | null },
  ): ChatMessage;
  /** To the commander at resolution: customers still read `showing`; a button publishes the resolution. */
  publishResolution(incident: Incident, input: { showing: PublicState; url: string }): ChatMessage;
}
