import type { WebClient } from "@slack/web-api";
import type { ConsoleDirectory } from "../../ports/console-directory.js";
import { wrap } from "./slack-chat.js";

/** User group and channel members through Slack's Web API (`usergroups.users.list`, `conversations.members`). */
export function createSlackConsoleDirectory(client: WebClient): ConsoleDirectory {
  return {
    async groupMembers(usergroup) {
      const res = await client.usergroups.users.list({ usergroup }).catch((error: unknown) => {
        throw wrap("usergroups.users.list", error);
      });
      return res.users ?? [];
    },
    async channelMembers(channel) {
      const members: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await client.conversations
          .members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) })
          .catch((error: unknown) => {
            throw wrap("conversations.members", error);
          });
        members.push(...(res.members ?? []));
        cursor = res.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return members;
    },
  };
}
