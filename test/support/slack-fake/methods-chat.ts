import { type Args, SlackApiError } from "./args.js";
import { validateBlocks } from "./blocks.js";
import type { MethodHandler } from "./method.js";
import { render } from "./render.js";
import { BOT_ID, BOT_USER_ID, type SlackState } from "./state.js";
import type { FakeChannel } from "./types.js";

/** chat.* accept a channel id, a channel name, or a user id (which means the app's DM with them). */
function resolveTarget(state: SlackState, target: string): FakeChannel {
  if (/^[UW]/.test(target) && state.users.has(target))
    return state.dmChannelFor(state.requireUser(target).id);
  if (state.channels.has(target)) return state.visibleChannel(target);
  const byName = state.channelByName(target);
  if (byName) return state.visibleChannel(byName.id);
  throw new SlackApiError("channel_not_found");
}

interface Content {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

/** What Slack checks in every message body: something to show, valid blocks, a sane length. */
function readContent(args: Args, required: boolean): Content {
  const content: Content = {};
  if (args.raw.blocks !== undefined) {
    const blocks = args.json("blocks", "invalid_blocks_format");
    if (!Array.isArray(blocks)) throw new SlackApiError("invalid_blocks_format");
    const problems = validateBlocks(blocks, 50);
    if (problems.length > 0) throw new SlackApiError("invalid_blocks", problems);
    content.blocks = blocks;
  }
  if (args.raw.attachments !== undefined) {
    const attachments = args.json("attachments", "invalid_attachments");
    if (!Array.isArray(attachments)) throw new SlackApiError("invalid_attachments");
    content.attachments = attachments;
  }
  const text = args.str("text") ?? args.str("markdown_text");
  if (text !== undefined) content.text = text;
  if (text !== undefined && text.length > 40_000) throw new SlackApiError("msg_too_long");
  const empty = !text && !content.blocks?.length && !content.attachments?.length;
  if (required && empty) throw new SlackApiError("no_text");
  return content;
}

export const chatMethods: Record<string, MethodHandler> = {
  "chat.postMessage": ({ state, args }) => {
    const channel = resolveTarget(state, args.req("channel"));
    if (channel.archived) throw new SlackApiError("is_archived");
    const content = readContent(args, true);
    const message = state.storeMessage({
      channel: channel.id,
      ...content,
      user: BOT_USER_ID,
      botId: BOT_ID,
      threadTs: args.str("thread_ts"),
      replyBroadcast: args.bool("reply_broadcast") || undefined,
      metadata: args.json("metadata", "invalid_metadata_format"),
    });
    return { channel: channel.id, ts: message.ts, message: render.message(message) };
  },

  "chat.postEphemeral": ({ state, args }) => {
    const target = args.req("channel");
    const userId = args.req("user");
    const channel = resolveTarget(state, target);
    const content = readContent(args, true);
    state.requireUser(userId);
    if (!channel.members.includes(userId)) throw new SlackApiError("user_not_in_channel");
    const messageTs = state.nextTs();
    state.ephemerals.push({
      channel: channel.id,
      user: userId,
      text: content.text,
      blocks: content.blocks,
      threadTs: args.str("thread_ts"),
      messageTs,
      at: Date.now(),
    });
    return { message_ts: messageTs };
  },

  "chat.update": ({ state, args }) => {
    const channel = state.visibleChannel(args.req("channel"));
    const message = state.requireMessage(channel.id, args.req("ts"));
    if (message.botId !== BOT_ID) throw new SlackApiError("cant_update_message");
    const content = readContent(args, true);
    if (content.text !== undefined) message.text = content.text;
    if (content.blocks !== undefined) message.blocks = content.blocks;
    if (content.attachments !== undefined) message.attachments = content.attachments;
    message.updates++;
    message.edited = { user: BOT_USER_ID, ts: state.nextTs() };
    return {
      channel: channel.id,
      ts: message.ts,
      text: message.text ?? "",
      message: render.message(message),
    };
  },

  "chat.delete": ({ state, args }) => {
    const channel = state.visibleChannel(args.req("channel"));
    const message = state.requireMessage(channel.id, args.req("ts"));
    if (message.botId !== BOT_ID) throw new SlackApiError("cant_delete_message");
    message.deleted = true;
    return { channel: channel.id, ts: message.ts };
  },

  "chat.getPermalink": ({ state, args }) => {
    const channel = state.visibleChannel(args.req("channel"));
    const message = state.requireMessage(channel.id, args.req("message_ts"));
    const base = `https://fake.slack.com/archives/${channel.id}/p${message.ts.replace(".", "")}`;
    const inThread = message.threadTs !== undefined && message.threadTs !== message.ts;
    return {
      channel: channel.id,
      permalink: inThread ? `${base}?thread_ts=${message.threadTs}&cid=${channel.id}` : base,
    };
  },
};
