import { APP_ID, BOT_ID } from "./state.js";
import type { FakeChannel, FakeMessage, FakeUser } from "./types.js";

/** Stored objects → the JSON shapes Slack returns, so bot code parses what it would in production. */
export const render = {
  channel(channel: FakeChannel, forUser?: string): Record<string, unknown> {
    if (channel.isIm) {
      return {
        id: channel.id,
        created: channel.created,
        is_im: true,
        is_org_shared: false,
        user: channel.user,
        is_user_deleted: false,
        priority: 0,
      };
    }
    return {
      id: channel.id,
      name: channel.name,
      name_normalized: channel.name,
      is_channel: !channel.isPrivate && !channel.isMpim,
      is_group: channel.isPrivate && !channel.isMpim,
      is_im: false,
      is_mpim: channel.isMpim,
      is_private: channel.isPrivate,
      is_archived: channel.archived,
      is_general: channel.id === "CGENERAL",
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_member: forUser === undefined ? undefined : channel.members.includes(forUser),
      created: channel.created,
      creator: channel.creator,
      unlinked: 0,
      topic: { value: channel.topic, creator: channel.topic ? channel.creator : "", last_set: 0 },
      purpose: { value: channel.purpose, creator: channel.purpose ? channel.creator : "", last_set: 0 },
      previous_names: [],
      num_members: channel.members.length,
    };
  },

  message(message: FakeMessage, replyCount?: number): Record<string, unknown> {
    return {
      type: "message",
      ts: message.ts,
      user: message.user,
      bot_id: message.botId,
      app_id: message.botId === BOT_ID ? APP_ID : undefined,
      text: message.text ?? "",
      blocks: message.blocks,
      attachments: message.attachments,
      thread_ts: message.threadTs,
      reply_count: replyCount || undefined,
      files: message.files?.map((f) => ({ id: f.id, name: f.name, title: f.title })),
      edited: message.edited,
      reactions: message.reactions.length
        ? message.reactions.map((r) => ({ name: r.name, users: r.users, count: r.users.length }))
        : undefined,
      pinned_to: message.pinned ? [message.channel] : undefined,
      metadata: message.metadata,
    };
  },

  user(user: FakeUser, teamId: string): Record<string, unknown> {
    const name = user.name ?? user.realName.toLowerCase().replace(/[^a-z0-9]+/g, ".");
    const tz = user.tz ?? "Europe/London";
    return {
      id: user.id,
      team_id: teamId,
      name,
      deleted: user.deleted ?? false,
      real_name: user.realName,
      tz,
      tz_label: tz,
      tz_offset: tzOffsetSeconds(tz),
      is_bot: user.isBot ?? false,
      is_app_user: false,
      is_admin: false,
      is_owner: false,
      updated: 1700000000,
      profile: {
        real_name: user.realName,
        real_name_normalized: user.realName,
        display_name: user.realName.split(" ")[0],
        display_name_normalized: user.realName.split(" ")[0],
        email: user.email,
        bot_id: user.isBot ? BOT_ID : undefined,
        image_72: `https://fake.slack.com/avatars/${user.id}_72.png`,
        team: teamId,
      },
    };
  },
};

function tzOffsetSeconds(timeZone: string): number {
  try {
    const parts = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(
      new Date(),
    );
    const offset = parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT";
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(offset);
    if (!match) return 0;
    const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60;
    return match[1] === "-" ? -seconds : seconds;
  } catch {
    return 0;
  }
}
