import type { WebClient } from "@slack/web-api";
import type { ConsoleDirectory } from "../../ports/console-directory.js";
import { wrap } from "./slack-chat.js";

/** User group and channel members through Slack's Web API (`usergroups.users.list`, `users.conversations`). */
export function createSlackConsoleDirectory(client: WebClient): ConsoleDirectory {
  return {
    async groupMembers(usergroup) {
      const res = await client.usergroups.users.list({ usergroup }).catch((error: unknown) => {
        throw wrap("usergroups.users.list", error);
      });
      return res.users ?? [];
    },
    async privateChannelsOf(user) {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await client.users
          .conversations({ user, types: "private_channel", limit: 999, ...(cursor ? { cursor } : {}) })
          .catch((error: unknown) => {
            throw wrap("users.conversations", error);
          });
        for (const c of res.channels ?? []) if (c.id) ids.push(c.id);
        cursor = res.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return ids;
    },
  };
}
