import { SlackApiError } from "./args.js";
import type {
  FakeBookmark,
  FakeChannel,
  FakeEphemeral,
  FakeFile,
  FakeMessage,
  FakeResponse,
  FakeUser,
  FakeView,
  RecordedCall,
  UnexpectedRequest,
} from "./types.js";

export const BOT_USER_ID = "UBOT";
export const BOT_ID = "BBOT";
export const APP_ID = "AIMOCFAKE";
export const SLACK_FAKE_TOKEN = "xoxb-imoc-test-token";
export const SLACK_FAKE_TEAM_ID = "TFAKE0001";

export const DEFAULT_USERS: FakeUser[] = [
  { id: "U_DECLARER", realName: "Dana Declarer", email: "dana@example.com", tz: "Europe/London" },
  { id: "U_PRIMARY", realName: "Pat Primary", email: "pat.primary@example.com", tz: "Europe/London" },
  { id: "U_SECONDARY", realName: "Sam Secondary", email: "sam.secondary@example.com", tz: "Europe/Berlin" },
  { id: "U_IC", realName: "Ira Commander", email: "ira.ic@example.com", tz: "America/New_York" },
  { id: "U_DIRECTOR", realName: "Drew Director", email: "drew.director@example.com", tz: "America/New_York" },
  { id: "U_CTO", realName: "Casey Cto", email: "casey.cto@example.com", tz: "America/Los_Angeles" },
  { id: "U_PRODUCT", realName: "Priya Product", email: "priya.product@example.com", tz: "Europe/London" },
  { id: "U_SECURITY", realName: "Sol Security", email: "sol.security@example.com", tz: "Europe/London" },
  { id: "U_LEGAL", realName: "Lee Legal", email: "lee.legal@example.com", tz: "Europe/London" },
];

export interface StateConfig {
  teamId: string;
  users: FakeUser[];
}

/** Everything the fake Slack workspace knows; `reset()` returns it to the seeded state. */
export class SlackState {
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly messages: FakeMessage[] = [];
  readonly ephemerals: FakeEphemeral[] = [];
  readonly views: FakeView[] = [];
  readonly files: FakeFile[] = [];
  readonly bookmarks: FakeBookmark[] = [];
  readonly userGroups = new Map<string, string[]>();
  readonly responses: FakeResponse[] = [];
  readonly calls: RecordedCall[] = [];
  readonly unexpected: UnexpectedRequest[] = [];
  /** Slack lets each trigger_id open one view only. */
  readonly usedTriggers = new Set<string>();
  /** Set once the server listens; upload URLs point back at it. */
  baseUrl = "";
  private counters = new Map<string, number>();
  private lastTsMicros = 0;

  constructor(readonly config: StateConfig) {
    this.seed();
  }

  reset(): void {
    for (const list of [this.messages, this.ephemerals, this.views, this.files, this.bookmarks]) {
      list.length = 0;
    }
    this.responses.length = 0;
    this.calls.length = 0;
    this.unexpected.length = 0;
    this.usedTriggers.clear();
    this.users.clear();
    this.channels.clear();
    this.userGroups.clear();
    this.counters.clear();
    this.seed();
  }

  private seed(): void {
    this.users.set(BOT_USER_ID, { id: BOT_USER_ID, realName: "imoc", name: "imoc", isBot: true, tz: "UTC" });
    for (const user of [...DEFAULT_USERS, ...this.config.users]) this.users.set(user.id, user);
    const humans = [...this.users.values()].filter((u) => !u.isBot).map((u) => u.id);
    // The bot is in neither: it posts to public channels with chat:write.public and is not a member.
    this.addChannel("general", { id: "CGENERAL", members: humans });
    this.addChannel("incidents", { id: "CINCIDENTS", members: humans });
  }

  nextId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${String(n).padStart(4, "0")}`;
  }

  /** Wall-clock based like Slack's, but strictly increasing so two posts never share a ts. */
  nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
  }

  addChannel(
    name: string,
    opts: { id?: string; isPrivate?: boolean; members?: string[]; creator?: string } = {},
  ): FakeChannel {
    const channel: FakeChannel = {
      id: opts.id ?? this.nextId("C"),
      name,
      isPrivate: opts.isPrivate ?? false,
      isIm: false,
      isMpim: false,
      members: [...(opts.members ?? [])],
      topic: "",
      purpose: "",
      creator: opts.creator ?? "U_DECLARER",
      created: Math.floor(Date.now() / 1000),
      archived: false,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  channelByName(name: string): FakeChannel | undefined {
    const bare = name.replace(/^#/, "");
    return [...this.channels.values()].find((c) => !c.isIm && !c.isMpim && c.name === bare);
  }

  /** Unknown, or private without the bot in it: Slack hides both behind `channel_not_found`. */
  visibleChannel(id: string): FakeChannel {
    const channel = this.channels.get(id);
    if (!channel || ((channel.isPrivate || channel.isIm || channel.isMpim) && !this.botIsIn(channel))) {
      throw new SlackApiError("channel_not_found");
    }
    return channel;
  }

  botIsIn(channel: FakeChannel): boolean {
    return channel.members.includes(BOT_USER_ID);
  }

  requireMember(channel: FakeChannel): void {
    if (!this.botIsIn(channel)) throw new SlackApiError("not_in_channel");
  }

  requireUser(id: string, error = "user_not_found"): FakeUser {
    const user = this.users.get(id);
    if (!user || user.deleted) throw new SlackApiError(error);
    return user;
  }

  dmChannelFor(userId: string): FakeChannel {
    const existing = [...this.channels.values()].find((c) => c.isIm && c.user === userId);
    if (existing) return existing;
    const channel: FakeChannel = {
      id: this.nextId("D"),
      name: userId,
      isPrivate: true,
      isIm: true,
      isMpim: false,
      user: userId,
      members: [BOT_USER_ID, userId],
      topic: "",
      purpose: "",
      creator: BOT_USER_ID,
      created: Math.floor(Date.now() / 1000),
      archived: false,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  findMessage(channelId: string, ts: string): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channelId && m.ts === ts && !m.deleted);
  }

  requireMessage(channelId: string, ts: string): FakeMessage {
    const message = this.findMessage(channelId, ts);
    if (!message) throw new SlackApiError("message_not_found");
    return message;
  }

  storeMessage(
    fields: Omit<FakeMessage, "ts" | "updates" | "deleted" | "reactions" | "pinned">,
  ): FakeMessage {
    const message: FakeMessage = {
      ...fields,
      ts: this.nextTs(),
      updates: 0,
      deleted: false,
      reactions: [],
      pinned: false,
    };
    this.messages.push(message);
    return message;
  }
}
