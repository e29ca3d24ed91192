import { SEVERITIES, SEVERITY_MEANINGS, severityLabel } from "../../../domain/incident/severity.js";
import { statusPageButton } from "./status-page.js";
import type { InputBlock, ModalView, PlainTextOption } from "@slack/types";

export const DECLARE_MODAL_ID = "declare_incident";
export const POST_UPDATE_MODAL_ID = "post_update";

/** Block and action ids double as the keys the submission handler reads. */
export const DECLARE_FIELDS = {
  title: { block: "title", action: "title_input" },
  severity: { block: "severity", action: "severity_select" },
  security: { block: "security", action: "security_check" },
  description: { block: "description", action: "description_input" },
  service: { block: "service", action: "service_input" },
  playbook: { block: "playbook", action: "playbook_select" },
  commander: { block: "commander", action: "commander_select" },
  comms: { block: "comms", action: "comms_select" },
  scribe: { block: "scribe", action: "scribe_select" },
} as const;

/** The post-update modal's one field, read by the submission handler. */
export const UPDATE_FIELD = { block: "update", action: "update_input" } as const;

const option = (text: string, value: string): PlainTextOption => ({
  text: { type: "plain_text", text },
  value,
});

const ROLE_LABELS = { commander: "Incident commander", comms: "Communications lead", scribe: "Scribe" };

/** Optional fields: the service, a playbook to link (besides the automatic matches), the roles. */
function extraFields(playbooks: ReadonlyArray<{ id: string; title: string }>): InputBlock[] {
  const picker: InputBlock[] = playbooks.length
    ? [
        {
          type: "input",
          block_id: DECLARE_FIELDS.playbook.block,
          optional: true,
          label: { type: "plain_text", text: "Playbook" },
          hint: { type: "plain_text", text: "Matching playbooks are linked anyway; pick one to be sure." },
          element: {
            type: "static_select",
            action_id: DECLARE_FIELDS.playbook.action,
            placeholder: { type: "plain_text", text: "Pick a playbook" },
            options: playbooks.slice(0, 100).map((p) => option(p.title.slice(0, 75), p.id)),
          },
        },
      ]
    : [];
  return [
    {
      type: "input",
      block_id: DECLARE_FIELDS.service.block,
      optional: true,
      label: { type: "plain_text", text: "Affected service" },
      element: {
        type: "plain_text_input",
        action_id: DECLARE_FIELDS.service.action,
        max_length: 80,
        placeholder: { type: "plain_text", text: "checkout-api" },
      },
    },
    ...picker,
    ...(["commander", "comms", "scribe"] as const).map(
      (role): InputBlock => ({
        type: "input",
        block_id: DECLARE_FIELDS[role].block,
        optional: true,
        label: { type: "plain_text", text: ROLE_LABELS[role] },
        element: { type: "users_select", action_id: DECLARE_FIELDS[role].action },
      }),
    ),
  ];
}

export function declareModal(
  privateMetadata = "",
  playbooks: ReadonlyArray<{ id: string; title: string }> = [],
): ModalView {
  const severityOptions = SEVERITIES.map((s) => option(`${severityLabel(s)}: ${SEVERITY_MEANINGS[s]}`, s));
  return {
    type: "modal",
    callback_id: DECLARE_MODAL_ID,
    private_metadata: privateMetadata,
    title: { type: "plain_text", text: "Declare an incident" },
    submit: { type: "plain_text", text: "Declare" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "input",
        block_id: DECLARE_FIELDS.title.block,
        label: { type: "plain_text", text: "Title" },
        element: {
          type: "plain_text_input",
          action_id: DECLARE_FIELDS.title.action,
          max_length: 150,
          placeholder: { type: "plain_text", text: "Checkout API returns 500s" },
        },
      },
      {
        type: "input",
        block_id: DECLARE_FIELDS.severity.block,
        label: { type: "plain_text", text: "Severity" },
        element: {
          type: "static_select",
          action_id: DECLARE_FIELDS.severity.action,
          options: severityOptions,
          initial_option: severityOptions[1],
        },
      },
      {
        type: "input",
        block_id: DECLARE_FIELDS.security.block,
        optional: true,
        label: { type: "plain_text", text: "Kind" },
        element: {
          type: "checkboxes",
          action_id: DECLARE_FIELDS.security.action,
          options: [
            option("Security or compliance event (private channel, security and legal paged)", "security"),
            option("Game-day drill (pages go to Slack DMs only, never PagerDuty)", "drill"),
          ],
        },
      },
      {
        type: "input",
        block_id: DECLARE_FIELDS.description.block,
        optional: true,
        label: { type: "plain_text", text: "What is happening?" },
        element: { type: "plain_text_input", action_id: DECLARE_FIELDS.description.action, multiline: true },
      },
      ...extraFields(playbooks),
    ],
  };
}

export function postUpdateModal(incidentId: number): ModalView {
  return {
    type: "modal",
    callback_id: POST_UPDATE_MODAL_ID,
    private_metadata: String(incidentId),
    title: { type: "plain_text", text: "Post an update" },
    submit: { type: "plain_text", text: "Post" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "input",
        block_id: UPDATE_FIELD.block,
        label: { type: "plain_text", text: "What changed? What is next?" },
        element: { type: "plain_text_input", action_id: UPDATE_FIELD.action, multiline: true },
      },
      // The internal update stays internal; customers get their own words, on the public page.
      statusPageButton(incidentId),
    ],
  };
}
