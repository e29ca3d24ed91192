import { SlackApiError } from "./args.js";
import type { MethodHandler } from "./method.js";
import { BOT_ID, BOT_USER_ID, SLACK_FAKE_TEAM_ID } from "./state.js";
import type { FakeChannel } from "./types.js";

/**
 * The three-step upload that `filesUploadV2` performs: get an upload URL, POST the bytes there
 * (served by the fake's `/upload/<id>` route), then complete and share.
 */
export const fileMethods: Record<string, MethodHandler> = {
  /**
   * A file the bot can see (shared in a channel it is in): its private URLs, which need the bot
   * token (GET with `Authorization: Bearer`). Deleted files answer file_deleted, others
   * file_not_found, as Slack does.
   */
  "files.info": ({ state, args }) => {
    const id = args.req("file");
    const file = state.files.find((f) => f.id === id && f.completed);
    const visible = file?.channels.some((c) => state.channels.get(c)?.members.includes(BOT_USER_ID));
    if (!file || !visible) throw new SlackApiError("file_not_found");
    if (file.deleted) throw new SlackApiError("file_deleted");
    const path = `${state.baseUrl}/files-pri/${SLACK_FAKE_TEAM_ID}-${file.id}`;
    return {
      file: {
        id: file.id,
        name: file.filename,
        title: file.title ?? file.filename,
        mimetype: file.mimetype ?? "application/octet-stream",
        size: file.bytes?.length ?? file.length,
        user: file.user ?? BOT_USER_ID,
        channels: file.channels,
        url_private: `${path}/${encodeURIComponent(file.filename)}`,
        url_private_download: `${path}/download/${encodeURIComponent(file.filename)}`,
        permalink: `${state.baseUrl}/files/${file.user ?? BOT_USER_ID}/${file.id}/${encodeURIComponent(file.filename)}`,
      },
    };
  },

  "files.getUploadURLExternal": ({ state, args }) => {
    const filename = args.req("filename");
    const length = args.int("length") ?? Number(args.req("length"));
    if (length <= 0) throw new SlackApiError("invalid_arguments", ["[ERROR] length must be greater than 0"]);
    const id = state.nextId("F");
    state.files.push({ id, filename, length, completed: false, channels: [] });
    return { upload_url: `${state.baseUrl}/upload/${id}`, file_id: id };
  },

  "files.completeUploadExternal": ({ state, args }) => {
    if (args.raw.files === undefined) args.req("files");
    const list = args.json("files", "invalid_arguments");
    if (!Array.isArray(list) || list.length === 0) {
      throw new SlackApiError("invalid_arguments", [
        "[ERROR] files must be a non-empty JSON array of {id, title}",
      ]);
    }
    const targets: FakeChannel[] = [
      ...(args.has("channel_id") ? [args.req("channel_id")] : []),
      ...args.list("channels"),
    ].map((id) => state.visibleChannel(id));
    for (const channel of targets) state.requireMember(channel);
    const files = list.map((entry: unknown) => {
      const { id, title } = (entry ?? {}) as { id?: unknown; title?: unknown };
      const file = state.files.find((f) => f.id === id);
      if (!file) throw new SlackApiError("file_not_found", [`[ERROR] unknown file id: ${String(id)}`]);
      if (!file.bytes) {
        throw new SlackApiError("file_not_found", [
          `[ERROR] nothing was uploaded to the upload_url of ${file.id}`,
        ]);
      }
      return { file, title: typeof title === "string" ? title : file.filename };
    });
    const initialComment = args.str("initial_comment");
    const threadTs = args.str("thread_ts");
    for (const { file, title } of files) {
      Object.assign(file, { completed: true, title, initialComment, threadTs });
      file.channels.push(...targets.map((c) => c.id));
    }
    for (const channel of targets) {
      state.storeMessage({
        channel: channel.id,
        text: initialComment ?? "",
        user: BOT_USER_ID,
        botId: BOT_ID,
        threadTs,
        files: files.map(({ file, title }) => ({ id: file.id, name: file.filename, title })),
      });
    }
    return {
      files: files.map(({ file, title }) => ({
        id: file.id,
        name: file.filename,
        title,
        size: file.bytes?.length ?? 0,
        channels: file.channels,
      })),
    };
  },
};
