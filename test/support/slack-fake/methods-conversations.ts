import { SlackApiError } from "./args.js";
import type { MethodContext, MethodHandler } from "./method.js";
import { render } from "./render.js";
import { BOT_USER_ID } from "./state.js";
import type { FakeChannel, FakeMessage } from "./types.js";

function openChannelForChange({ state, args }: MethodContext): FakeChannel {
  const channel = state.visibleChannel(args.req("channel"));
  if (channel.archived) throw new SlackApiError("is_archived");
  return channel;
}

function isTopLevel(message: FakeMessage): boolean {
  return message.threadTs === undefined || message.threadTs === message.ts || message.replyBroadcast === true;
}

function replyCount(messages: FakeMessage[], parent: FakeMessage): number {
  return messages.filter(
    (m) => m.channel === parent.channel && m.threadTs === parent.ts && m.ts !== parent.ts,
  ).length;
}

export const conversationMethods: Record<string, MethodHandler> = {
  "conversations.create": ({ state, args }) => {
    const name = args.str("name") ?? "";
    if (name === "") throw new SlackApiError("invalid_name_required");
    if (name.length > 80) throw new SlackApiError("invalid_name_maxlength");
    if (!/^[a-z0-9_-]+$/.test(name)) throw new SlackApiError("invalid_name_specials");
    if (/^[-_]+$/.test(name)) throw new SlackApiError("invalid_name_punctuation");
    if (state.channelByName(name)) throw new SlackApiError("name_taken");
    const channel = state.addChannel(name, {
      isPrivate: args.bool("is_private"),
      members: [BOT_USER_ID],
      creator: BOT_USER_ID,
    });
    return { channel: render.channel(channel, BOT_USER_ID) };
  },

  "conversations.invite": (ctx) => {
    const { state, args } = ctx;
    const channel = openChannelForChange(ctx);
    if (channel.isIm || channel.isMpim) throw new SlackApiError("method_not_supported_for_channel_type");
    state.requireMember(channel);
    const users = args.list("users");
    if (users.length === 0) throw new SlackApiError("no_user");
    if (users.length > 1000) throw new SlackApiError("too_many_users");
    const errors: Array<{ user: string; ok: false; error: string }> = [];
    const toAdd: string[] = [];
    for (const id of users) {
      const user = state.users.get(id);
      if (id === BOT_USER_ID) errors.push({ user: id, ok: false, error: "cant_invite_self" });
      else if (!user || user.deleted) errors.push({ user: id, ok: false, error: "user_not_found" });
      else if (channel.members.includes(id))
        errors.push({ user: id, ok: false, error: "already_in_channel" });
      else if (!toAdd.includes(id)) toAdd.push(id);
    }
    // Like Slack: one bad user fails the whole call (no `force`), but members that are already in
    // only fail it when nobody new would be added.
    const fatal = errors.find((e) => e.error !== "already_in_channel");
    if (fatal) throw new SlackApiError(fatal.error, [], { errors });
    if (toAdd.length === 0) throw new SlackApiError("already_in_channel", [], { errors });
    channel.members.push(...toAdd);
    return { channel: render.channel(channel, BOT_USER_ID) };
  },

  "conversations.setTopic": (ctx) => {
    const channel = openChannelForChange(ctx);
    ctx.state.requireMember(channel);
    if (ctx.args.raw.topic === undefined) ctx.args.req("topic");
    const topic = ctx.args.str("topic") ?? "";
    if (topic.length > 250) throw new SlackApiError("too_long");
    channel.topic = topic;
    return { channel: render.channel(channel, BOT_USER_ID) };
  },

  "conversations.setPurpose": (ctx) => {
    const channel = openChannelForChange(ctx);
    ctx.state.requireMember(channel);
    if (ctx.args.raw.purpose === undefined) ctx.args.req("purpose");
    const purpose = ctx.args.str("purpose") ?? "";
    if (purpose.length > 250) throw new SlackApiError("too_long");
    channel.purpose = purpose;
    return { channel: render.channel(channel, BOT_USER_ID) };
  },

  "conversations.info": ({ state, args }) => {
    const channel = state.visibleChannel(args.req("channel"));
    return { channel: render.channel(channel, BOT_USER_ID) };
  },

  "conversations.join": (ctx) => {
    const channel = openChannelForChange(ctx);
    if (channel.isPrivate || channel.isIm || channel.isMpim) {
      throw new SlackApiError("method_not_supported_for_channel_type");
    }
    if (channel.members.includes(BOT_USER_ID)) {
      return {
        channel: render.channel(channel, BOT_USER_ID),
        warning: "already_in_channel",
        response_metadata: { warnings: ["already_in_channel"] },
      };
    }
    channel.members.push(BOT_USER_ID);
    return { channel: render.channel(channel, BOT_USER_ID) };
  },

  "conversations.open": ({ state, args }) => {
    if (args.has("channel")) {
      const channel = state.visibleChannel(args.req("channel"));
      return { channel: args.bool("return_im") ? render.channel(channel) : { id: channel.id } };
    }
    const users = args.list("users").filter((u) => u !== BOT_USER_ID);
    if (users.length === 0) throw new SlackApiError("users_list_not_supplied");
    if (users.length > 8) throw new SlackApiError("too_many_users");
    for (const id of users) state.requireUser(id);
    if (users.length === 1) {
      const userId = users[0]!;
      const existed = [...state.channels.values()].some((c) => c.isIm && c.user === userId);
      const channel = state.dmChannelFor(userId);
      return {
        no_op: existed,
        already_open: existed,
        channel: args.bool("return_im") ? render.channel(channel) : { id: channel.id },
      };
    }
    const members = [BOT_USER_ID, ...users].sort();
    const existing = [...state.channels.values()].find(
      (c) => c.isMpim && [...c.members].sort().join() === members.join(),
    );
    const channel =
      existing ??
      state.addChannel(`mpdm-${members.join("--")}-1`, {
        id: state.nextId("G"),
        isPrivate: true,
        members,
        creator: BOT_USER_ID,
      });
    channel.isMpim = true;
    return { no_op: !!existing, already_open: !!existing, channel: { id: channel.id } };
  },

  "conversations.members": ({ state, args }) => {
    const channel = state.visibleChannel(args.req("channel"));
    const { items, nextCursor } = args.page(channel.members);
    return { members: items, response_metadata: { next_cursor: nextCursor } };
  },

  "conversations.history": ({ state, args }) => {
    const channel = state.visibleChannel(args.req("channel"));
    state.requireMember(channel);
    const oldest = args.str("oldest");
    const latest = args.str("latest");
    const inclusive = args.bool("inclusive");
    const matching = state.messages
      .filter((m) => m.channel === channel.id && !m.deleted && isTopLevel(m))
      .filter((m) => !oldest || (inclusive ? Number(m.ts) >= Number(oldest) : Number(m.ts) > Number(oldest)))
      .filter((m) => !latest || (inclusive ? Number(m.ts) <= Number(latest) : Number(m.ts) < Number(latest)))
      .reverse();
    const { items, nextCursor } = args.page(matching);
    return {
      messages: items.map((m) => render.message(m, replyCount(state.messages, m))),
      has_more: nextCursor !== "",
      pin_count: matching.filter((m) => m.pinned).length,
      response_metadata: { next_cursor: nextCursor },
    };
  },

  "conversations.replies": ({ state, args }) => {
    const channel = state.visibleChannel(args.req("channel"));
    state.requireMember(channel);
    const ts = args.req("ts");
    const parent = state.findMessage(channel.id, ts);
    if (!parent) throw new SlackApiError("thread_not_found");
    const threadTs = parent.threadTs ?? parent.ts;
    const thread = state.messages.filter(
      (m) => m.channel === channel.id && !m.deleted && (m.ts === threadTs || m.threadTs === threadTs),
    );
    const { items, nextCursor } = args.page(thread, 1000);
    return {
      messages: items.map((m) => render.message(m, m.ts === threadTs ? replyCount(state.messages, m) : 0)),
      has_more: nextCursor !== "",
      response_metadata: { next_cursor: nextCursor },
    };
  },
};
