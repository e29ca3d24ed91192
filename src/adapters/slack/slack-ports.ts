import type { WebClient } from "@slack/web-api";
import type { SharedCache } from "../../ports/shared-cache.js";
import { slackAlertMessages } from "./blocks/alert-messages.js";
import { slackEscalationMessages } from "./blocks/escalation-messages.js";
import { slackIncidentMessages } from "./blocks/incident-messages.js";
import { pageMessage } from "./blocks/page-message.js";
import { slackStatusPageMessages } from "./blocks/status-page.js";
import { createSlackChat } from "./slack-chat.js";
import { createSlackMessageSource } from "./slack-message-source.js";
import { createSlackTargetDirectory } from "./slack-target-directory.js";

/**
 * The ports Slack implements, over one Web API client, and the messages it shows people. `shared`:
 * the replicas' shared cache (people's names).
 */
export function createSlackPorts(client: WebClient, shared?: SharedCache) {
  return {
    chat: createSlackChat(client),
    messageSource: createSlackMessageSource(client, shared),
    /** The matrix's Slack users and user-group members (main.ts adds whoever is on call). */
    targetDirectory: createSlackTargetDirectory(client),
    messages: slackIncidentMessages,
    escalationMessages: slackEscalationMessages,
    pageMessage,
    statusPageMessages: slackStatusPageMessages,
    alertMessages: slackAlertMessages,
  };
}
