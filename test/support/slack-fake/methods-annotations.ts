import { SlackApiError } from "./args.js";
import type { MethodHandler } from "./method.js";
import { BOT_USER_ID } from "./state.js";
import type { FakeBookmark } from "./types.js";

/** Things attached to channels and messages rather than posted: bookmarks, reactions, pins. */
export const annotationMethods: Record<string, MethodHandler> = {
  "bookmarks.add": ({ state, args }) => {
    const channel = state.visibleChannel(args.req("channel_id"));
    state.requireMember(channel);
    const title = args.req("title");
    const type = args.req("type");
    if (type !== "link") throw new SlackApiError("invalid_bookmark_type");
    const link = args.req("link");
    if (!/^https?:\/\/\S+$/.test(link)) throw new SlackApiError("invalid_link");
    const bookmark: FakeBookmark = {
      id: state.nextId("Bk"),
      channelId: channel.id,
      title,
      type,
      link,
      emoji: args.str("emoji"),
      dateCreated: Math.floor(Date.now() / 1000),
    };
    state.bookmarks.push(bookmark);
    return { bookmark: renderBookmark(bookmark) };
  },

  "bookmarks.list": ({ state, args }) => {
    const channel = state.visibleChannel(args.req("channel_id"));
    return { bookmarks: state.bookmarks.filter((b) => b.channelId === channel.id).map(renderBookmark) };
  },

  "reactions.add": ({ state, args }) => {
    const channel = state.visibleChannel(args.req("channel"));
    const message = state.requireMessage(channel.id, args.req("timestamp"));
    const name = args.req("name");
    if (/[\s:]/.test(name)) throw new SlackApiError("invalid_name");
    const reaction = message.reactions.find((r) => r.name === name);
    if (reaction?.users.includes(BOT_USER_ID)) throw new SlackApiError("already_reacted");
    if (reaction) reaction.users.push(BOT_USER_ID);
    else message.reactions.push({ name, users: [BOT_USER_ID] });
    return {};
  },

  "pins.add": ({ state, args }) => {
    const channel = state.visibleChannel(args.req("channel"));
    state.requireMember(channel);
    const message = state.requireMessage(channel.id, args.req("timestamp"));
    if (message.pinned) throw new SlackApiError("already_pinned");
    message.pinned = true;
    return {};
  },
};

function renderBookmark(b: FakeBookmark): Record<string, unknown> {
  return {
    id: b.id,
    channel_id: b.channelId,
    title: b.title,
    link: b.link,
    emoji: b.emoji ?? null,
    icon_url: null,
    type: b.type,
    entity_id: null,
    date_created: b.dateCreated,
    date_updated: 0,
    rank: "U",
    last_updated_by_user_id: BOT_USER_ID,
    last_updated_by_team_id: "",
    shortcut_id: null,
    app_id: null,
  };
}
