/** What the console asks Slack about people: user group members (roles) and their channels (security incidents). */
export interface ConsoleDirectory {
  /** Members of a user group; throws `ChatError` (e.g. `no_such_subteam`). */
  groupMembers(groupId: string): Promise<string[]>;
  /**
   * Ids of the private channels this person is in, among those the bot is in (every incident
   * channel is); throws `ChatError` (e.g. `user_not_found`).
   */
  privateChannelsOf(userId: string): Promise<string[]>;
}
