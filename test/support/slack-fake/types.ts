/** Shapes of what the Slack fake stores; tests read these through the `SlackFake` helpers. */

export interface FakeUser {
  id: string;
  realName: string;
  /** Handle; derived from the real name when omitted. */
  name?: string;
  email?: string;
  /** IANA zone; users.info also reports tz_offset for it. */
  tz?: string;
  isBot?: boolean;
  deleted?: boolean;
}

export interface FakeChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  isMpim: boolean;
  /** The other party of a DM. */
  user?: string;
  members: string[];
  topic: string;
  purpose: string;
  creator: string;
  /** Unix seconds, like Slack. */
  created: number;
  archived: boolean;
}

export interface FakeReaction {
  name: string;
  users: string[];
}

export interface FakeFileRef {
  id: string;
  name: string;
  title: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  /** Bot messages carry both `user` (the bot user) and `botId`, as in Slack. */
  user?: string;
  botId?: string;
  threadTs?: string;
  replyBroadcast?: boolean;
  files?: FakeFileRef[];
  metadata?: unknown;
  edited?: { user: string; ts: string };
  /** How many chat.update / userEdits calls changed it. */
  updates: number;
  deleted: boolean;
  reactions: FakeReaction[];
  pinned: boolean;
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  text?: string;
  blocks?: unknown[];
  threadTs?: string;
  messageTs: string;
  at: number;
}

export interface FakeView {
  id: string;
  /** The Block Kit view as last set by views.open/update/publish. */
  view: Record<string, unknown>;
  type: string;
  callbackId?: string;
  externalId?: string;
  privateMetadata?: string;
  triggerId?: string;
  /** Opened with views.push (over the modal the interaction came from). */
  pushed?: boolean;
  /** For published App Home views. */
  userId?: string;
  hash: string;
  /** views.update calls applied so far. */
  updates: number;
  openedAt: number;
}

export interface FakeFile {
  id: string;
  filename: string;
  /** As declared to files.getUploadURLExternal. */
  length: number;
  /** Undefined until the upload URL received the bytes. */
  bytes?: Buffer;
  completed: boolean;
  title?: string;
  channels: string[];
  initialComment?: string;
  threadTs?: string;
  /** Files people shared (`userPosts` with `content`): who, and the type Slack reports. */
  user?: string;
  mimetype?: string;
  /** Deleted in Slack (`userDeletesFile`): files.info answers file_deleted, the download 404. */
  deleted?: boolean;
}

export interface FakeBookmark {
  id: string;
  channelId: string;
  title: string;
  type: string;
  link: string;
  emoji?: string;
  dateCreated: number;
}

export interface FakeResponse {
  key: string;
  /** The JSON the bot posted (text, blocks, response_type, replace_original, delete_original…). */
  body: Record<string, unknown>;
  at: number;
  /** False when the fake refused it (no content, URL used more than 5 times). */
  ok: boolean;
  error?: string;
}

export interface RecordedCall {
  method: string;
  /** Decoded arguments (JSON fields such as `blocks` and `view` parsed), token removed. */
  args: Record<string, unknown>;
  at: number;
  ok: boolean;
  error?: string;
  /** True when the error came from `failNext`, not from validation. */
  injected?: boolean;
}

export interface UnexpectedRequest {
  method: string;
  path: string;
  reason: string;
  at: number;
}
