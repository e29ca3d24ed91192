import type { KnownBlock } from "@slack/types";

/** A Block Kit block; only adapters/slack/blocks builds them, the use cases pass them on. */
export type Block = KnownBlock;

export interface ChatMessage {
  text: string;
  blocks?: Block[];
}

export type CreateChannelResult =
  | { ok: true; id: string; name: string }
  | { ok: false; error: "name_taken" | string };

/** What the use cases need from the chat platform (Slack). Failures throw `ChatError`. */
export interface Chat {
  createChannel(name: string, isPrivate: boolean): Promise<CreateChannelResult>;
  invite(channelId: string, userIds: string[]): Promise<void>;
  setTopic(channelId: string, topic: string): Promise<void>;
  post(channelId: string, message: ChatMessage): Promise<{ ts: string }>;
  update(channelId: string, ts: string, message: ChatMessage): Promise<void>;
  permalink(channelId: string, ts: string): Promise<string | null>;
  directMessage(userId: string, message: ChatMessage): Promise<void>;
  addBookmark(channelId: string, bookmark: { title: string; link: string; emoji?: string }): Promise<void>;
  /** The Slack user with this e-mail, or null when there is none. */
  lookupUserByEmail(email: string): Promise<string | null>;
  /** Answers through a slash command's or interaction's response_url (ephemeral by default). */
  respond(responseUrl: string, message: ChatMessage & { ephemeral?: boolean }): Promise<void>;
}

/**
 * A failed Slack call. `transient`: Slack may take it later (rate limited, 5xx, timeout, network);
 * `retryAfterMs`: how long Slack asked us to wait (429 Retry-After).
 */
export class ChatError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly transient = false,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = "ChatError";
  }
}
