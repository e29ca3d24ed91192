import { SlackApiError } from "./args.js";
import type { MethodHandler } from "./method.js";
import { render } from "./render.js";
import { BOT_ID, BOT_USER_ID } from "./state.js";
import type { FakeChannel } from "./types.js";

export const userMethods: Record<string, MethodHandler> = {
  "auth.test": ({ state }) => ({
    url: "https://fake.slack.com/",
    team: "Fake Workspace",
    user: "imoc",
    team_id: state.config.teamId,
    user_id: BOT_USER_ID,
    bot_id: BOT_ID,
    is_enterprise_install: false,
  }),

  "users.info": ({ state, args }) => ({
    user: render.user(state.requireUser(args.req("user")), state.config.teamId),
  }),

  "users.lookupByEmail": ({ state, args }) => {
    const email = args.req("email").toLowerCase();
    const user = [...state.users.values()].find((u) => !u.deleted && u.email?.toLowerCase() === email);
    if (!user) throw new SlackApiError("users_not_found");
    return { user: render.user(user, state.config.teamId) };
  },

  // As with a bot token: private channels and DMs only where the bot is a member too.
  "users.conversations": ({ state, args }) => {
    const user = args.str("user") || BOT_USER_ID;
    state.requireUser(user);
    const types = args.list("types");
    const wanted = types.length ? types : ["public_channel"];
    const known = ["public_channel", "private_channel", "mpim", "im"];
    if (wanted.some((t) => !known.includes(t))) throw new SlackApiError("invalid_types");
    const typeOf = (c: FakeChannel) =>
      c.isIm ? "im" : c.isMpim ? "mpim" : c.isPrivate ? "private_channel" : "public_channel";
    const channels = [...state.channels.values()].filter(
      (c) =>
        wanted.includes(typeOf(c)) &&
        c.members.includes(user) &&
        (typeOf(c) === "public_channel" || state.botIsIn(c)) &&
        !(args.bool("exclude_archived") && c.archived),
    );
    const { items, nextCursor } = args.page(channels);
    return {
      channels: items.map((c) => render.channel(c)),
      response_metadata: { next_cursor: nextCursor },
    };
  },

  "usergroups.users.list": ({ state, args }) => {
    const users = state.userGroups.get(args.req("usergroup"));
    if (!users) throw new SlackApiError("no_such_subteam");
    return { users: [...users] };
  },
};
