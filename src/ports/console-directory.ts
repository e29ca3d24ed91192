/** What the console asks Slack about people: user group members (roles) and channel members (security incidents). */
export interface ConsoleDirectory {
  /** Members of a user group; throws `ChatError` (e.g. `no_such_subteam`). */
  groupMembers(groupId: string): Promise<string[]>;
  /** Members of a channel the bot can see; throws `ChatError` (e.g. `channel_not_found`). */
  channelMembers(channelId: string): Promise<string[]>;
}
