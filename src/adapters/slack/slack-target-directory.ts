import type { WebClient } from "@slack/web-api";
import type { Target } from "../../domain/escalation/escalation-matrix.js";
import type { TargetDirectory } from "../../ports/target-directory.js";
import { wrap } from "./slack-chat.js";

/** The matrix's static Slack users plus the current members of its user groups. */
export function createSlackTargetDirectory(client: WebClient): TargetDirectory {
  return {
    async slackUsersFor(target: Target) {
      const users = [...target.slack.users];
      for (const usergroup of target.slack.usergroups) {
        const res = await client.usergroups.users.list({ usergroup }).catch((error: unknown) => {
          throw wrap("usergroups.users.list", error);
        });
        users.push(...(res.users ?? []));
      }
      return [...new Set(users)];
    },
  };
}
