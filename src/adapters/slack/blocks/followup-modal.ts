import type { ModalView } from "@slack/types";
import { clip } from "./parts.js";

export const FOLLOWUP_MODAL_ID = "make_followup";
/** Block and action ids double as the keys the submission handler reads. */
export const FOLLOWUP_FIELDS = {
  text: { block: "followup_text", action: "followup_text_input" },
  owner: { block: "followup_owner", action: "followup_owner_select" },
  due: { block: "followup_due", action: "followup_due_picker" },
} as const;

/** "Make a follow-up" from a message: its text prefilled, the owner (default: its author) and a date. */
export function followupModal(input: { incidentId: number; text: string; owner: string | null }): ModalView {
  return {
    type: "modal",
    callback_id: FOLLOWUP_MODAL_ID,
    private_metadata: String(input.incidentId),
    title: { type: "plain_text", text: "Make a follow-up" },
    submit: { type: "plain_text", text: "Record" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "input",
        block_id: FOLLOWUP_FIELDS.text.block,
        label: { type: "plain_text", text: "What has to be done" },
        element: {
          type: "plain_text_input",
          action_id: FOLLOWUP_FIELDS.text.action,
          multiline: true,
          max_length: 500,
          ...(input.text ? { initial_value: clip(input.text, 500) } : {}),
        },
      },
      {
        type: "input",
        block_id: FOLLOWUP_FIELDS.owner.block,
        label: { type: "plain_text", text: "Owner" },
        element: {
          type: "users_select",
          action_id: FOLLOWUP_FIELDS.owner.action,
          ...(input.owner ? { initial_user: input.owner } : {}),
        },
      },
      {
        type: "input",
        block_id: FOLLOWUP_FIELDS.due.block,
        optional: true,
        label: { type: "plain_text", text: "Due" },
        element: { type: "datepicker", action_id: FOLLOWUP_FIELDS.due.action },
      },
    ],
  };
}
