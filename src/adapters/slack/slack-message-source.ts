import type { WebClient } from "@slack/web-api";
import type { FileRef } from "../../domain/timeline/timeline-view.js";
import type { MessageSource, SourceMessage } from "../../ports/message-source.js";
import { slackErrorCode } from "./slack-chat.js";

interface RawMessage {
  ts?: string;
  user?: string;
  text?: string;
  files?: Array<{
    id?: string;
    name?: string;
    title?: string;
    filetype?: string;
    mimetype?: string;
    permalink?: string;
  }>;
}

/** File references only: the bytes stay in Slack, the log keeps name, type and permalink. */
function fileRefs(message: RawMessage): FileRef[] {
  return (message.files ?? []).map((f) => ({
    ...(f.id ? { id: f.id } : {}),
    name: f.name ?? f.title ?? "file",
    type: f.mimetype ?? f.filetype ?? null,
    permalink: f.permalink ?? null,
  }));
}

import type { SharedCache } from "../../ports/shared-cache.js";
import { sharedMemo } from "../shared-memo.js";

const NAME_TTL_MS = 60 * 60_000;

/**
 * `shared`: replicas share the names they looked up (Redis), so a review exported from any replica
 * names people alike, and Slack is asked once per person per hour, not once per replica.
 */
export function createSlackMessageSource(client: WebClient, shared?: SharedCache): MessageSource {
  // Reviews mention the same few people again and again: one users.info per person per hour.
  const names = sharedMemo<string | null>({ shared, name: "user-name", ttlMs: NAME_TTL_MS, now: Date.now });
  async function find(channel: string, ts: string): Promise<RawMessage | null> {
    // A top-level message is found by its own ts in history; a thread reply only in replies.
    const history = await client.conversations.history({
      channel,
      latest: ts,
      oldest: ts,
      inclusive: true,
      limit: 1,
    });
    const top = (history.messages as RawMessage[] | undefined)?.find((m) => m.ts === ts);
    if (top) return top;
    const replies = await client.conversations.replies({ channel, ts, limit: 200 });
    return (replies.messages as RawMessage[] | undefined)?.find((m) => m.ts === ts) ?? null;
  }

  return {
    async fetchMessage(channelId, ts): Promise<SourceMessage | null> {
      let raw: RawMessage | null;
      try {
        raw = await find(channelId, ts);
      } catch (error) {
        const code = slackErrorCode(error);
        if (["thread_not_found", "channel_not_found", "not_in_channel", "message_not_found"].includes(code))
          return null;
        throw error;
      }
      if (!raw) return null;
      const permalink = await client.chat
        .getPermalink({ channel: channelId, message_ts: ts })
        .then((r) => r.permalink ?? null)
        .catch(() => null);
      return {
        channelId,
        ts,
        userId: raw.user ?? null,
        text: raw.text ?? "",
        permalink,
        files: fileRefs(raw),
      };
    },
    async uploadFile(channelId, file) {
      // files.uploadV2 does Slack's three steps: getUploadURLExternal, upload, completeUploadExternal.
      const res = (await client.files.uploadV2({
        channel_id: channelId,
        content: file.content,
        filename: file.filename,
        title: file.title,
        ...(file.comment ? { initial_comment: file.comment } : {}),
      })) as { files?: Array<{ files?: Array<{ id?: string }> }> };
      return { fileId: res.files?.[0]?.files?.[0]?.id ?? null };
    },
    async userNames(userIds) {
      const out: Record<string, string> = {};
      await Promise.all(
        userIds.map(async (id) => {
          let name = (await names.get(id))?.value;
          if (name === undefined) {
            const res = await client.users.info({ user: id }).catch(() => null);
            const user = res?.user as
              | { real_name?: string; name?: string; profile?: { display_name?: string } }
              | undefined;
            name = user ? user.real_name || user.profile?.display_name || user.name || null : null;
            // A failed look-up (rate limit, outage) is retried next time; only answers are cached.
            if (res) name = (await names.remember(id, name, Date.now())).value;
          }
          if (name) out[id] = name;
        }),
      );
      return out;
    },
    async tell(channelId, userId, text) {
      await client.chat.postEphemeral({ channel: channelId, user: userId, text });
    },
  };
}
