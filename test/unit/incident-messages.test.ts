import type { ActionsBlock, AnyBlock, InputBlock, ModalView } from "@slack/types";
import { describe, expect, it } from "vitest";
import {
  DECLARE_FIELDS,
  DECLARE_MODAL_ID,
  declareModal,
  POST_UPDATE_MODAL_ID,
  postUpdateModal,
  UPDATE_FIELD,
} from "../../src/adapters/slack/blocks/declare-modal.js";
import { statusSummaryText } from "../../src/adapters/slack/blocks/incident-replies.js";
import {
  ACTIONS,
  announcementMessage,
  INTRO_ACTIONS_BLOCK,
  introMessage,
  statusChangedMessage,
} from "../../src/adapters/slack/blocks/incident-messages.js";
import { anIncident } from "./support/incident.js";

const incident = anIncident({ description: "Error rate 38% on /checkout" });

const isInput = (b: AnyBlock): b is InputBlock => b.type === "input";
/** What the submission handler reads: block_id → the action_id inside it. */
function inputIds(view: ModalView): Record<string, string | undefined> {
  return Object.fromEntries(view.blocks.filter(isInput).map((b) => [b.block_id, b.element.action_id]));
}

describe("the intro message", () => {
  const intro = introMessage(incident);
  const actions = intro.blocks?.find((b): b is ActionsBlock => b.type === "actions");

  it("carries the buttons the action listeners are registered for, valued with the incident number", () => {
    expect(actions?.block_id).toBe(INTRO_ACTIONS_BLOCK);
    expect(actions?.elements.map((e) => ("action_id" in e ? e.action_id : null))).toEqual([
      ACTIONS.acknowledge,
      ACTIONS.postUpdate,
      ACTIONS.resolve,
    ]);
    expect(actions?.elements.map((e) => ("value" in e ? e.value : null))).toEqual(["42", "42", "42"]);
  });

  it("says what, how bad, who declared it and how to get help", () => {
    expect(intro.text).toBe("INC-42 · SEV-1 · Checkout API returns 500s declared by <@U_DANA>");
    const shown = JSON.stringify(intro.blocks);
    for (const text of [
      "Error rate 38% on /checkout",
      "SEV-1 (customer-impacting outage)",
      "*Commander*\\nunassigned",
      "`/incident help`",
    ])
      expect(shown).toContain(text);
    expect(shown).not.toContain("DRILL");
  });

  it("marks a drill", () => {
    const drill = introMessage({ ...incident, drill: true });
    expect(drill.text).toMatch(/^DRILL · INC-42/);
    expect(JSON.stringify(drill.blocks)).toContain("never PagerDuty");
  });
});

describe("channel lines", () => {
  it("announcement links the channel", () => {
    expect(announcementMessage(incident).text).toBe(
      ":rotating_light: INC-42 · SEV-1 · Checkout API returns 500s declared by <@U_DANA>. Join <#C042>.",
    );
  });

  it("a security announcement names neither the title nor the channel", () => {
    const { text } = announcementMessage({ ...incident, security: true });
    expect(text).not.toContain("Checkout");
    expect(text).not.toContain("C042");
  });

  it("resolution line quotes the summary", () => {
    const resolved = { ...incident, status: "resolved" as const, resolutionSummary: "Rolled back 1.4.2" };
    expect(statusChangedMessage(resolved, "U_PAT").text).toBe(
      ":white_check_mark: INC-42 resolved by <@U_PAT>.\n>Rolled back 1.4.2",
    );
  });

  it("status summary gives dates and durations since declaration", () => {
    const acked = {
      ...incident,
      status: "acknowledged" as const,
      acknowledgedAt: new Date("2026-11-25T03:05:30.000Z"),
    };
    const text = statusSummaryText(acked, new Date("2026-11-25T03:20:00.000Z"));
    expect(text).toContain("open for 18m");
    expect(text).toContain("Acknowledged: 2026-11-25T03:05:30.000Z (3m 30s after declaration)");
    expect(text).toContain("Resolved: —");
  });
});

describe("modals", () => {
  it("the declare form has the ids its submission handler reads, and the channel it came from", () => {
    const playbooks = [{ id: "api-outage", title: "API outage" }];
    const view = declareModal("CGENERAL", playbooks);
    expect(view.callback_id).toBe(DECLARE_MODAL_ID);
    expect(view.private_metadata).toBe("CGENERAL");
    expect(inputIds(view)).toEqual(
      Object.fromEntries(Object.values(DECLARE_FIELDS).map((f) => [f.block, f.action])),
    );
    expect(JSON.stringify(view.blocks)).toContain('"value":"api-outage"');
  });

  it("the declare form defaults to SEV-2 and leaves out the playbook picker when there are none", () => {
    const view = declareModal("CGENERAL");
    const severity = view.blocks.filter(isInput).find((b) => b.block_id === DECLARE_FIELDS.severity.block);
    expect(severity?.element).toMatchObject({ initial_option: { value: "sev2" } });
    expect(inputIds(view)).not.toHaveProperty(DECLARE_FIELDS.playbook.block);
  });

  it("the post-update form carries the incident number", () => {
    const view = postUpdateModal(42);
    expect(view.callback_id).toBe(POST_UPDATE_MODAL_ID);
    expect(view.private_metadata).toBe("42");
    expect(inputIds(view)).toEqual({ [UPDATE_FIELD.block]: UPDATE_FIELD.action });
  });
});
