/**
 * Keys of the inbound requests already taken (a slash command's trigger id, an Events API event
 * id…), so that Slack's retries and replays are processed once.
 */
export interface InboundRequests {
  /** Records `key`; true when it is new (process the request), false when it was seen before. */
  firstSeen(key: string): boolean;
}
