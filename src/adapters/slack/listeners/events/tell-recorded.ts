import type { RecordResult } from "../../../../app/timeline/record-message.js";
import { recordedReply } from "../../blocks/timeline-replies.js";
import type { ListenerContext } from "../context.js";

/** Tells only the person who pinned what happened; a failure to tell changes nothing recorded. */
export async function tellRecorded(
  ctx: ListenerContext,
  channelId: string,
  userId: string,
  result: RecordResult,
): Promise<void> {
  const text = recordedReply(result);
  if (!text) return;
  try {
    await ctx.deps.messageSource.tell(channelId, userId, text);
  } catch (error) {
    ctx.deps.logger.warn({ err: error, channelId }, "could not confirm the recording");
  }
}
