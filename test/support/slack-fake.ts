import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describeState } from "./slack-fake/describe.js";
import { createRequestHandler } from "./slack-fake/server.js";
import { BOT_USER_ID, SLACK_FAKE_TEAM_ID, SLACK_FAKE_TOKEN, SlackState } from "./slack-fake/state.js";
import type {
  FakeBookmark,
  FakeChannel,
  FakeEphemeral,
  FakeFile,
  FakeFileRef,
  FakeMessage,
  FakeResponse,
  FakeUser,
  FakeView,
  RecordedCall,
  UnexpectedRequest,
} from "./slack-fake/types.js";
import { errorLedger, type UnexpectedError } from "./unexpected-errors.js";
import { waitFor } from "./wait-for.js";

export type * from "./slack-fake/types.js";
export {
  APP_ID,
  BOT_ID,
  BOT_USER_ID,
  DEFAULT_USERS,
  SLACK_FAKE_TEAM_ID,
  SLACK_FAKE_TOKEN,
} from "./slack-fake/state.js";

export interface SlackFakeOptions {
  /** The bot token the fake accepts (default `SLACK_FAKE_TOKEN`). */
  token?: string;
  /** Added to (or replacing, by id) the default users. */
  users?: FakeUser[];
  teamId?: string;
  /** Slack expires trigger_ids after 3 s; raise it only for debugging under a breakpoint. */
  triggerTtlMs?: number;
  /**
   * Slack errors (`name_taken`, ...) this fake may answer without failing the test; `"*"` for
   * any. Others fail the test that caused them (`test/support/fail-on-unexpected.ts`).
   */
  allowErrors?: readonly string[];
}

export interface SlackFake {
  /** For `SLACK_API_URL` / Bolt's `clientOptions.slackApiUrl`; has the trailing slash they need. */
  readonly apiUrl: string;
  readonly baseUrl: string;
  readonly token: string;
  readonly teamId: string;
  readonly botUserId: string;
  /** Every Web API call in arrival order, failed ones included. */
  readonly calls: readonly RecordedCall[];
  /** Unknown methods and routes; a test should end with this empty. */
  readonly unexpected: readonly UnexpectedRequest[];
  readonly ephemerals: readonly FakeEphemeral[];
  readonly views: readonly FakeView[];
  readonly files: readonly FakeFile[];
  readonly responses: readonly FakeResponse[];
  callsTo(method: string): RecordedCall[];
  channel(id: string): FakeChannel | undefined;
  channelByName(name: string): FakeChannel | undefined;
  /** Messages in posting order with updates applied; thread replies included (see `threadTs`). */
  messagesIn(channelId: string, opts?: { includeDeleted?: boolean }): FakeMessage[];
  membersOf(channelId: string): string[];
  /** Messages the bot sent to the user's DM (via conversations.open or by posting to the user id). */
  dms(userId: string): FakeMessage[];
  bookmarks(channelId: string): FakeBookmark[];
  addChannel(name: string, opts?: { id?: string; isPrivate?: boolean; members?: string[] }): FakeChannel;
  addUser(user: FakeUser): void;
  addUserGroup(id: string, userIds: string[]): void;
  /** A response_url for a slash command or interaction payload; POSTs land in `responses`. */
  responseUrl(key?: string): string;
  userPosts(
    channelId: string,
    userId: string,
    text: string,
    opts?: {
      /** With `content`, the file exists in Slack (files.info, its private download URL). */
      files?: Array<Partial<FakeFileRef> & { name: string; content?: string | Buffer; mimetype?: string }>;
      threadTs?: string;
    },
  ): FakeMessage;
  /** Someone deletes a shared file in Slack (retention, by mistake, on purpose). */
  userDeletesFile(fileId: string): void;
  userEdits(channelId: string, ts: string, newText: string): FakeMessage;
  userDeletes(channelId: string, ts: string): FakeMessage;
  /** The next `count` calls to `method` fail with `error` (`ratelimited` answers HTTP 429). */
  failNext(method: string, error: string, count?: number): void;
  /**
   * Slack is down for `ms`: every Web API call and response_url post answers HTTP 429 with
   * `Retry-After` (default 3 s) or HTTP 500, as a real outage or rate limit would.
   */
  failFor(ms: number, answer: { status: 429; retryAfterS?: number } | { status: 500 }): void;
  /** Slack errors the current test provokes on purpose; they do not fail it. */
  allowErrors(...errors: string[]): void;
  /** Error answers nobody allowed, not yet reported to the test. */
  readonly unexpectedErrors: readonly UnexpectedError[];
  waitFor<T>(
    predicate: () => T | Promise<T>,
    timeoutMs?: number,
  ): Promise<Exclude<T, false | 0 | "" | null | undefined>>;
  describe(): string;
  reset(): void;
  close(): Promise<void>;
}

/** A Slack Web API stand-in on 127.0.0.1 that validates like Slack and records everything. */
export async function startSlackFake(opts: SlackFakeOptions = {}): Promise<SlackFake> {
  const token = opts.token ?? SLACK_FAKE_TOKEN;
  const teamId = opts.teamId ?? SLACK_FAKE_TEAM_ID;
  const state = new SlackState({ teamId, users: opts.users ?? [] });
  const failures = new Map<string, string[]>();
  const errors = errorLedger("Slack", opts.allowErrors);
  const config = {
    token,
    triggerTtlMs: opts.triggerTtlMs ?? 3000,
    failures,
    outage: null as null | { until: number; status: 429 | 500; retryAfterS: number },
    onError: (error: string, call: string, argKeys: string[]) =>
      errors.record(error, { call, argKeys, error }),
  };
  const handler = createRequestHandler(state, config);
  // A client that gives up mid-request (aborted fetch) must not become an unhandled rejection.
  const server = createServer((req, res) => void handler(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.baseUrl = baseUrl;

  const requireChannel = (id: string): FakeChannel => {
    const channel = state.channels.get(id);
    if (!channel)
      throw new Error(`Slack fake: no channel ${id}; known: ${[...state.channels.keys()].join(", ")}`);
    return channel;
  };
  const userMessage = (channelId: string, ts: string): FakeMessage => {
    const message = state.findMessage(channelId, ts);
    if (!message) throw new Error(`Slack fake: no message ${ts} in ${channelId}`);
    return message;
  };
  const messagesIn = (channelId: string, { includeDeleted = false } = {}) =>
    state.messages.filter((m) => m.channel === channelId && (includeDeleted || !m.deleted));

  return {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    token,
    teamId,
    botUserId: BOT_USER_ID,
    get calls() {
      return state.calls;
    },
    get unexpected() {
      return state.unexpected;
    },
    get ephemerals() {
      return state.ephemerals;
    },
    get views() {
      return state.views;
    },
    get files() {
      return state.files;
    },
    get responses() {
      return state.responses;
    },
    get unexpectedErrors() {
      return errors.pending();
    },
    allowErrors: errors.allow,
    callsTo: (method) => state.calls.filter((c) => c.method === method),
    channel: (id) => state.channels.get(id),
    channelByName: (name) => state.channelByName(name),
    messagesIn,
    membersOf: (channelId) => [...requireChannel(channelId).members],
    dms: (userId) => {
      const dm = [...state.channels.values()].find((c) => c.isIm && c.user === userId);
      return dm ? messagesIn(dm.id) : [];
    },
    bookmarks: (channelId) => state.bookmarks.filter((b) => b.channelId === channelId),
    addChannel: (name, channelOpts = {}) => state.addChannel(name, channelOpts),
    addUser: (user) => void state.users.set(user.id, user),
    addUserGroup: (id, userIds) => void state.userGroups.set(id, [...userIds]),
    responseUrl: (key = randomUUID().slice(0, 8)) => `${baseUrl}/response/${encodeURIComponent(key)}`,
    userPosts: (channelId, userId, text, postOpts = {}) => {
      requireChannel(channelId);
      if (!state.users.has(userId)) throw new Error(`Slack fake: no user ${userId}`);
      return state.storeMessage({
        channel: channelId,
        text,
        user: userId,
        threadTs: postOpts.threadTs,
        files: postOpts.files?.map((f) => {
          const id = f.id ?? state.nextId("F");
          if (f.content !== undefined) {
            const bytes = Buffer.from(f.content);
            state.files.push({
              id,
              filename: f.name,
              length: bytes.length,
              bytes,
              completed: true,
              title: f.title ?? f.name,
              channels: [channelId],
              user: userId,
              mimetype: f.mimetype ?? "application/octet-stream",
            });
          }
          return { id, name: f.name, title: f.title ?? f.name };
        }),
      });
    },
    userDeletesFile: (fileId) => {
      const file = state.files.find((f) => f.id === fileId);
      if (!file) throw new Error(`Slack fake: no file ${fileId}`);
      file.deleted = true;
    },
    userEdits: (channelId, ts, newText) => {
      const message = userMessage(channelId, ts);
      message.text = newText;
      message.updates++;
      message.edited = { user: message.user ?? "", ts: state.nextTs() };
      return message;
    },
    userDeletes: (channelId, ts) => {
      const message = userMessage(channelId, ts);
      message.deleted = true;
      return message;
    },
    failFor: (ms, answer) => {
      const retryAfterS = answer.status === 429 ? (answer.retryAfterS ?? 3) : 0;
      config.outage = { until: Date.now() + ms, status: answer.status, retryAfterS };
    },
    failNext: (method, error, count = 1) => {
      failures.set(method, [...(failures.get(method) ?? []), ...Array<string>(count).fill(error)]);
    },
    waitFor: (predicate, timeoutMs = 5000) =>
      waitFor(predicate, { timeoutMs, describe: () => describeState(state) }),
    describe: () => describeState(state),
    reset: () => {
      state.reset();
      failures.clear();
      config.outage = null;
    },
    close: async () => {
      errors.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
