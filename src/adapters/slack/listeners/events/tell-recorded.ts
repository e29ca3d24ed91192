import type { RecordResult } from "../../../../app/timeline/record-message.js";
import type { ListenerContext } from "../context.js";

/** Tells only the person who pinned what happened; a failure to tell changes nothing recorded. */
export async function tellRecorded(
  ctx: ListenerContext,
  channelId: string,
  userId: string,
  result: RecordResult,
): Promise<void> {
  const text =
    result.kind === "recorded"
      ? `:pushpin: Recorded in the IMOC log as #${result.event.seq}.`
      : result.kind === "already"
        ? `This message is already in the IMOC log as #${result.event.seq}.`
        : result.kind === "message-not-found"
          ? ":warning: I could not read that message, so it was not recorded."
          : null;
  if (!text) return;
  try {
    await ctx.deps.messageSource.tell(channelId, userId, text);
  } catch (error) {
    ctx.deps.logger.warn({ err: error, channelId }, "could not confirm the recording");
  }
}
