import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { reviseMessage, type RevisionResult } from "../../../../app/timeline/revise-message.js";
import { tsToDate } from "../../../../app/timeline/record-message.js";
import type { ListenerContext } from "../context.js";

type Args = SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs;

interface Changed {
  subtype: "message_changed";
  channel: string;
  event_ts: string;
  message: {
    ts: string;
    text?: string;
    user?: string;
    edited?: { user?: string; ts?: string };
    files?: RawFile[];
  };
}
interface Deleted {
  subtype: "message_deleted";
  channel: string;
  event_ts: string;
  deleted_ts: string;
}
interface RawFile {
  name?: string;
  mimetype?: string;
  filetype?: string;
  permalink?: string;
}

/** Edits and deletions of recorded messages become revisions; other messages are not our business. */
export function messageRevision(ctx: ListenerContext) {
  return async ({ event }: Args) => {
    const e = event as unknown as Changed | Deleted | { subtype?: string };
    let result: RevisionResult = { kind: "ignored" };
    if (e.subtype === "message_changed") {
      const { channel, message, event_ts } = e as Changed;
      result = reviseMessage(ctx.deps, {
        change: "edited",
        channelId: channel,
        ts: message.ts,
        text: message.text ?? "",
        files: (message.files ?? []).map((f) => ({
          name: f.name ?? "file",
          type: f.mimetype ?? f.filetype ?? null,
          permalink: f.permalink ?? null,
        })),
        by: message.edited?.user ?? message.user ?? null,
        at: tsToDate(message.edited?.ts ?? event_ts),
      });
    } else if (e.subtype === "message_deleted") {
      const { channel, deleted_ts, event_ts } = e as Deleted;
      result = reviseMessage(ctx.deps, {
        change: "deleted",
        channelId: channel,
        ts: deleted_ts,
        by: null,
        at: tsToDate(event_ts),
      });
    }
    if (result.kind !== "ignored")
      ctx.deps.logger.info(
        { incidentId: result.event.incidentId, seq: result.event.seq },
        `recorded message ${result.kind}`,
      );
  };
}
