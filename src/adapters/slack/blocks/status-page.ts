import type { ActionsBlock, ModalView } from "@slack/types";
import type { PublishResult } from "../../../app/status-page/publish-status.js";
import { type Incident, incidentRef } from "../../../domain/incident/incident.js";
import { PUBLIC_STATE_LABELS, publicStateOf } from "../../../domain/status-page/status-page.js";
import type { StatusPageMessages } from "../../../ports/status-page-messages.js";
import { button, byUser, neutralised, plain, section } from "./parts.js";

export const STATUS_PAGE_MODAL_ID = "statuspage_publish";
export const STATUS_PAGE_FIELD = { block: "statuspage", action: "statuspage_input" } as const;
/** Opens the publish form: on the update form (pushed over it) and in the resolution reminder. */
export const STATUS_PAGE_ACTION = "incident_statuspage";

export const statusPageButton = (incidentId: number): ActionsBlock => ({
  type: "actions",
  block_id: "statuspage_actions",
  elements: [button("Publish on the status page…", STATUS_PAGE_ACTION, String(incidentId))],
});

/** The customer-facing form: the text goes out exactly as written, with the incident's public state. */
export function statusPageModal(incident: Incident): ModalView {
  const state = PUBLIC_STATE_LABELS[publicStateOf(incident.status)];
  const initial =
    incident.status === "resolved"
      ? "This incident has been resolved. Thank you for your patience."
      : undefined;
  return {
    type: "modal",
    callback_id: STATUS_PAGE_MODAL_ID,
    private_metadata: String(incident.id),
    title: { type: "plain_text", text: "Public status page" },
    submit: { type: "plain_text", text: "Publish" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      section(
        `Customers read this on the public status page, as *${state}*. Write it for them: no names, no internal details.`,
      ),
      {
        type: "input",
        block_id: STATUS_PAGE_FIELD.block,
        label: { type: "plain_text", text: "What customers should read" },
        element: {
          type: "plain_text_input",
          action_id: STATUS_PAGE_FIELD.action,
          multiline: true,
          max_length: 2000,
          ...(initial ? { initial_value: initial } : {}),
        },
      },
    ],
  };
}

export const slackStatusPageMessages: StatusPageMessages = neutralised({
  published(incident, { state, text, url, byUserId }) {
    const line = `:globe_with_meridians: ${incidentRef(incident)} published on the status page${byUser(byUserId)} as *${PUBLIC_STATE_LABELS[state]}* (${url}):\n>${plain(text).replace(/\n/g, "\n>")}`;
    return { text: line, blocks: [section(line)] };
  },
  publishResolution(incident, { showing, url }) {
    const line = `:globe_with_meridians: ${incidentRef(incident)} is resolved, but the public status page (${url}) still tells customers *${PUBLIC_STATE_LABELS[showing]}*. Publish the resolution: \`/incident statuspage <text>\` in the incident channel, or the button.`;
    return { text: line, blocks: [section(line), statusPageButton(incident.id)] };
  },
} satisfies StatusPageMessages);

/** The answer to whoever published (slash command or form). */
export function statusPageReply(result: PublishResult): string {
  if (result.kind === "refused") return `Nothing published: ${result.reason}.`;
  const state = PUBLIC_STATE_LABELS[result.publication.state];
  return `:globe_with_meridians: Published on the status page as *${state}*: ${result.url}`;
}
