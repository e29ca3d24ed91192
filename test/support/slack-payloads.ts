import { randomBytes, randomInt } from "node:crypto";
import { APP_ID, BOT_ID, BOT_USER_ID, SLACK_FAKE_TEAM_ID } from "./slack-fake/state.js";

/**
 * Builders for the bodies Slack sends to an app, shaped like real captures (Bolt routes on
 * `type`, `callback_id`, `actions[].action_id`, `event.type`/`subtype`, and reads the ids
 * nested where Slack puts them). Defaults match the Slack fake's seeded workspace.
 */

export const FAKE_APP_ID = APP_ID;
/** The deprecated verification token Slack still includes; Bolt ignores it in favour of signatures. */
export const FAKE_VERIFICATION_TOKEN = "fake-verification-token";
const TEAM = { id: SLACK_FAKE_TEAM_ID, domain: "fake-workspace" };

/** Starts with the issue time in ms, which lets the Slack fake enforce Slack's 3-second expiry. */
export function makeTriggerId(at = Date.now()): string {
  return `${at}.${randomInt(1e9)}.${randomBytes(16).toString("hex")}`;
}

const actionTs = () => (Date.now() / 1000).toFixed(6);
const user = (id: string) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: TEAM.id });

export interface BlockActionInput {
  actionId: string;
  value?: string;
  userId?: string;
  /** Message actions: where the message with the button is. */
  channelId?: string;
  messageTs?: string;
  /** The message as Slack echoes it back (defaults to a bot message with no blocks). */
  message?: Record<string, unknown>;
  responseUrl?: string;
  triggerId?: string;
  blockId?: string;
  /** `button` (default), `static_select`, `users_select`… */
  actionType?: string;
  selectedOption?: { value: string; text?: string };
  selectedUser?: string;
  /** Actions inside a modal instead of a message. */
  view?: { id: string; callbackId?: string; privateMetadata?: string };
}

export function blockAction(input: BlockActionInput): Record<string, unknown> {
  const { actionId, userId = "U_DECLARER", channelId, messageTs, view } = input;
  const actionType = input.actionType ?? (input.selectedOption ? "static_select" : "button");
  const action: Record<string, unknown> = {
    type: actionType,
    action_id: actionId,
    block_id: input.blockId ?? "block-1",
    action_ts: actionTs(),
  };
  if (input.value !== undefined) action.value = input.value;
  if (actionType === "button") action.text = { type: "plain_text", text: actionId, emoji: true };
  if (input.selectedOption) {
    const { value, text = value } = input.selectedOption;
    action.selected_option = { text: { type: "plain_text", text, emoji: true }, value };
  }
  if (input.selectedUser) action.selected_user = input.selectedUser;
  const payload: Record<string, unknown> = {
    type: "block_actions",
    user: user(userId),
    api_app_id: FAKE_APP_ID,
    token: FAKE_VERIFICATION_TOKEN,
    trigger_id: input.triggerId ?? makeTriggerId(),
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    state: { values: {} },
    actions: [action],
  };
  if (view) {
    payload.container = { type: "view", view_id: view.id };
    payload.view = {
      id: view.id,
      team_id: TEAM.id,
      type: "modal",
      callback_id: view.callbackId ?? "",
      private_metadata: view.privateMetadata ?? "",
      blocks: [],
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.abc`,
    };
  } else {
    payload.container = {
      type: "message",
      message_ts: messageTs,
      channel_id: channelId,
      is_ephemeral: false,
    };
    payload.channel = { id: channelId, name: channelId };
    payload.message = input.message ?? {
      type: "message",
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      ts: messageTs,
      text: "",
    };
    payload.response_url = input.responseUrl;
  }
  return payload;
}

/** Slack's `view.state.values` entry; a plain string is shorthand for a plain_text_input value. */
export type ViewValue = Record<string, unknown> & { type: string };

export interface ViewSubmissionInput {
  callbackId: string;
  /** block_id → action_id → value, as in `view.state.values`. */
  values?: Record<string, Record<string, ViewValue | string>>;
  userId?: string;
  privateMetadata?: string;
  viewId?: string;
  triggerId?: string;
  /** Present when the modal has `response_url_enabled` inputs. */
  responseUrls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }>;
}

export function viewSubmission(input: ViewSubmissionInput): Record<string, unknown> {
  const values = Object.fromEntries(
    Object.entries(input.values ?? {}).map(([blockId, actions]) => [
      blockId,
      Object.fromEntries(
        Object.entries(actions).map(([actionId, v]) => [
          actionId,
          typeof v === "string" ? { type: "plain_text_input", value: v } : v,
        ]),
      ),
    ]),
  );
  return {
    type: "view_submission",
    team: TEAM,
    user: user(input.userId ?? "U_DECLARER"),
    api_app_id: FAKE_APP_ID,
    token: FAKE_VERIFICATION_TOKEN,
    trigger_id: input.triggerId ?? makeTriggerId(),
    view: {
      id: input.viewId ?? "V0001",
      team_id: TEAM.id,
      type: "modal",
      blocks: [],
      private_metadata: input.privateMetadata ?? "",
      callback_id: input.callbackId,
      state: { values },
      hash: `${Math.floor(Date.now() / 1000)}.abc`,
      title: { type: "plain_text", text: "imoc" },
      root_view_id: input.viewId ?? "V0001",
      app_id: FAKE_APP_ID,
      bot_id: BOT_ID,
    },
    response_urls: input.responseUrls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface MessageShortcutInput {
  callbackId: string;
  channelId: string;
  messageTs: string;
  userId?: string;
  /** The message the shortcut was used on; at least its text and author. */
  message?: { text?: string; user?: string; ts?: string; [key: string]: unknown };
  triggerId?: string;
  responseUrl?: string;
}

export function messageShortcut(input: MessageShortcutInput): Record<string, unknown> {
  const { callbackId, channelId, messageTs } = input;
  return {
    type: "message_action",
    token: FAKE_VERIFICATION_TOKEN,
    action_ts: actionTs(),
    team: TEAM,
    user: user(input.userId ?? "U_DECLARER"),
    channel: { id: channelId, name: channelId },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: callbackId,
    trigger_id: input.triggerId ?? makeTriggerId(),
    response_url: input.responseUrl,
    message_ts: messageTs,
    message: {
      type: "message",
      user: "U_DECLARER",
      text: "",
      ...input.message,
      ts: input.message?.ts ?? messageTs,
    },
  };
}

export function reactionAdded(input: {
  reaction: string;
  userId: string;
  channelId: string;
  ts: string;
  itemUser?: string;
}): Record<string, unknown> {
  return {
    type: "reaction_added",
    user: input.userId,
    reaction: input.reaction,
    item_user: input.itemUser,
    item: { type: "message", channel: input.channelId, ts: input.ts },
    event_ts: actionTs(),
  };
}

/** A plain user message (pair with `fake.userPosts`, which stores it and returns its ts). */
export function messagePosted(input: {
  channelId: string;
  userId: string;
  text: string;
  ts: string;
  threadTs?: string;
  files?: Array<{ id: string; name: string; title?: string }>;
}): Record<string, unknown> {
  return {
    type: "message",
    channel: input.channelId,
    user: input.userId,
    text: input.text,
    ts: input.ts,
    thread_ts: input.threadTs,
    subtype: input.files ? "file_share" : undefined,
    files: input.files,
    event_ts: input.ts,
    channel_type: "channel",
  };
}

export function messageChanged(input: {
  channelId: string;
  ts: string;
  text: string;
  userId: string;
  previousText?: string;
}): Record<string, unknown> {
  const eventTs = actionTs();
  return {
    type: "message",
    subtype: "message_changed",
    hidden: true,
    channel: input.channelId,
    ts: eventTs,
    event_ts: eventTs,
    channel_type: "channel",
    message: {
      type: "message",
      user: input.userId,
      text: input.text,
      ts: input.ts,
      edited: { user: input.userId, ts: eventTs },
    },
    previous_message: { type: "message", user: input.userId, text: input.previousText ?? "", ts: input.ts },
  };
}

export function messageDeleted(input: {
  channelId: string;
  ts: string;
  userId?: string;
  previousText?: string;
}): Record<string, unknown> {
  const eventTs = actionTs();
  return {
    type: "message",
    subtype: "message_deleted",
    hidden: true,
    channel: input.channelId,
    ts: eventTs,
    deleted_ts: input.ts,
    event_ts: eventTs,
    channel_type: "channel",
    previous_message: {
      type: "message",
      user: input.userId ?? "U_DECLARER",
      text: input.previousText ?? "",
      ts: input.ts,
    },
  };
}
