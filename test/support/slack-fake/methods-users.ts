import { SlackApiError } from "./args.js";
import type { MethodHandler } from "./method.js";
import { render } from "./render.js";
import { BOT_ID, BOT_USER_ID } from "./state.js";

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

  "usergroups.users.list": ({ state, args }) => {
    const users = state.userGroups.get(args.req("usergroup"));
    if (!users) throw new SlackApiError("no_such_subteam");
    return { users: [...users] };
  },
};
