import type { FileRef } from "../domain/timeline/timeline-view.js";

/** A Slack message as the IMOC log keeps it. */
export interface SourceMessage {
  channelId: string;
  ts: string;
  userId: string | null;
  text: string;
  permalink: string | null;
  files: FileRef[];
}

/** Reading people's messages and uploading files: what the log needs from Slack beyond `Chat`. */
export interface MessageSource {
  /** Null when the message does not exist (any more) or the bot cannot see it. */
  fetchMessage(channelId: string, ts: string): Promise<SourceMessage | null>;
  uploadFile(
    channelId: string,
    file: { filename: string; content: string; title: string; comment?: string },
  ): Promise<{ fileId: string | null }>;
  /** Display names by user id; users Slack does not know are left out. */
  userNames(userIds: string[]): Promise<Record<string, string>>;
  /** A quiet confirmation only `userId` sees; failures are the caller's to ignore. */
  tell(channelId: string, userId: string, text: string): Promise<void>;
}
