import type { Button, ContextBlock, SectionBlock } from "@slack/types";
import type { ChatMessage } from "../../../ports/chat.js";

export const section = (text: string): SectionBlock => ({ type: "section", text: { type: "mrkdwn", text } });
export const context = (text: string): ContextBlock => ({
  type: "context",
  elements: [{ type: "mrkdwn", text }],
});

/** A message that is one mrkdwn section; `text` is also what notifications and tests read. */
export const sectionMessage = (text: string): ChatMessage => ({ text, blocks: [section(text)] });

export function button(text: string, actionId: string, value: string, style?: "primary" | "danger"): Button {
  return {
    type: "button",
    text: { type: "plain_text", text, emoji: true },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

export const userRef = (id: string | null) => (id ? `<@${id}>` : "unassigned");
export const byUser = (id: string | null) => (id ? ` by <@${id}>` : "");

/** Slack mrkdwn control characters; the team's text is not markup for Slack. */
export const plain = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
