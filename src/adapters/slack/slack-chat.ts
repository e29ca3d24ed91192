import type { WebClient } from "@slack/web-api";
import { type Chat, ChatError, type ChatMessage } from "../../ports/chat.js";

/** Slack's error code from a Web API failure (`name_taken`, `channel_not_found`, …). */
export function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  if (data && typeof data.error === "string") return data.error;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "unknown_error";
}

/** Slack's own answers that mean "not now" rather than "no". */
const TRANSIENT_CODES = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "slack_webapi_rate_limited_error",
  "slack_webapi_http_error",
  "slack_webapi_request_error",
  "ETIMEDOUT",
  "ECONNRESET",
  "ECONNREFUSED",
]);

/** A Web API failure as the port's error, classified transient or permanent. */
export function wrap(method: string, error: unknown): ChatError {
  const code = slackErrorCode(error);
  const retryAfterS = (error as { retryAfter?: unknown } | null)?.retryAfter;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  // An HTTP 4xx other than 429 (a wrong URL, a revoked token) will not get better.
  const clientError = typeof status === "number" && status >= 400 && status < 500 && status !== 429;
  const detail = typeof status === "number" ? ` (HTTP ${status})` : "";
  return new ChatError(
    code,
    `Slack ${method} failed: ${code}${detail}`,
    TRANSIENT_CODES.has(code) && !clientError,
    typeof retryAfterS === "number" ? retryAfterS * 1000 : null,
  );
}

/** The Chat port on Slack's Web API. */
export function createSlackChat(client: WebClient): Chat {
  const call = async <T>(method: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw wrap(method, error);
    }
  };
  const payload = (message: ChatMessage) => ({
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    unfurl_links: false,
  });

  return {
    async createChannel(name, isPrivate) {
      try {
        const res = await client.conversations.create({ name, is_private: isPrivate });
        return { ok: true, id: res.channel?.id ?? "", name: res.channel?.name ?? name };
      } catch (error) {
        const code = slackErrorCode(error);
        if (code === "name_taken") return { ok: false, error: code };
        throw wrap("conversations.create", error);
      }
    },
    async invite(channelId, userIds) {
      const users = [...new Set(userIds)].filter(Boolean);
      if (users.length === 0) return;
      try {
        await client.conversations.invite({ channel: channelId, users: users.join(",") });
      } catch (error) {
        // Inviting people who are already there is the goal reached, not a failure.
        if (slackErrorCode(error) !== "already_in_channel") throw wrap("conversations.invite", error);
      }
    },
    async setTopic(channelId, topic) {
      await call("conversations.setTopic", () =>
        client.conversations.setTopic({ channel: channelId, topic }),
      );
    },
    async post(channelId, message) {
      const res = await call("chat.postMessage", () =>
        client.chat.postMessage({ channel: channelId, ...payload(message) }),
      );
      return { ts: res.ts ?? "" };
    },
    async update(channelId, ts, message) {
      await call("chat.update", () => client.chat.update({ channel: channelId, ts, ...payload(message) }));
    },
    async permalink(channelId, ts) {
      try {
        const res = await client.chat.getPermalink({ channel: channelId, message_ts: ts });
        return res.permalink ?? null;
      } catch {
        return null;
      }
    },
    async directMessage(userId, message) {
      const opened = await call("conversations.open", () => client.conversations.open({ users: userId }));
      const channel = opened.channel?.id;
      if (!channel) throw new ChatError("channel_not_found", `Slack gave no DM channel for ${userId}`);
      await call("chat.postMessage", () => client.chat.postMessage({ channel, ...payload(message) }));
    },
    async addBookmark(channelId, bookmark) {
      await call("bookmarks.add", () =>
        client.bookmarks.add({
          channel_id: channelId,
          title: bookmark.title,
          type: "link",
          link: bookmark.link,
          ...(bookmark.emoji ? { emoji: bookmark.emoji } : {}),
        }),
      );
    },
    async respond(responseUrl, message) {
      let res: Response;
      try {
        res = await fetch(responseUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            response_type: message.ephemeral === false ? "in_channel" : "ephemeral",
            text: message.text,
            ...(message.blocks ? { blocks: message.blocks } : {}),
          }),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (error) {
        throw new ChatError(
          "slack_webapi_request_error",
          `Slack response_url failed: ${(error as Error).message}`,
          true,
        );
      }
      if (res.ok) return;
      const transient = res.status === 429 || res.status >= 500;
      const retryAfter = Number(res.headers.get("retry-after"));
      throw new ChatError(
        `http_${res.status}`,
        `Slack response_url failed: HTTP ${res.status}`,
        transient,
        res.status === 429 && retryAfter > 0 ? retryAfter * 1000 : null,
      );
    },
    async lookupUserByEmail(email) {
      try {
        const res = await client.users.lookupByEmail({ email });
        return res.user?.id ?? null;
      } catch (error) {
        if (slackErrorCode(error) === "users_not_found") return null;
        throw wrap("users.lookupByEmail", error);
      }
    },
  };
}
