import type { Button, ContextBlock, SectionBlock } from "@slack/types";
import { neutraliseMentions } from "../../../domain/text/mentions.js";
import type { ChatMessage } from "../../../ports/chat.js";

/**
 * Slack refuses a section whose text is over 3000 characters; a long paste is cut here (the
 * message's `text` keeps it whole). Neutralised first: that makes a mention one character longer.
 */
export const section = (text: string): SectionBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: clip(neutraliseMentions(text), 3000) },
});
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

/** A Slack user id becomes a mention; a name that is not one (an alert source) is shown as text. */
export const userRef = (id: string | null) =>
  id ? (/^[UW][A-Z0-9_]+$/.test(id) ? `<@${id}>` : plain(id)) : "unassigned";
export const byUser = (id: string | null) => (id ? ` by <@${id}>` : "");

/** Slack mrkdwn control characters; the team's text is not markup for Slack. */
export const plain = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * `value` with every `text` in it (a message's own, its blocks', fields', elements') passed
 * through `neutraliseMentions`: nothing the bot renders from typed text can notify a channel or a
 * user group. Other strings (action ids, values, private metadata, URLs) are left as they are.
 */
export function withoutBroadcasts<T>(value: T): T {
  if (typeof value === "string") return neutraliseMentions(value) as T;
  if (Array.isArray(value)) return value.map(withoutBroadcasts) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      typeof v === "string" ? (key === "text" ? neutraliseMentions(v) : v) : withoutBroadcasts(v),
    ]),
  ) as T;
}

/** The same builders, each one's result passed through `withoutBroadcasts`. */
export function neutralised<T extends object>(builders: T): T {
  return Object.fromEntries(
    Object.entries(builders).map(([name, build]) => [
      name,
      typeof build === "function"
        ? (...args: unknown[]) => withoutBroadcasts((build as (...a: unknown[]) => unknown)(...args))
        : build,
    ]),
  ) as T;
}
