import { incidentRef } from "../../domain/incident/incident.js";
import { type Actor, slackActor, type TimelineEvent } from "../../domain/timeline/timeline-event.js";
import type { SourceMessage } from "../../ports/message-source.js";
import { evidenceJobs } from "../custody/copy-evidence.js";
import type { Deps } from "../deps.js";

export type RecordResult =
  | { kind: "recorded" | "already"; event: TimelineEvent }
  | { kind: "not-incident-channel" }
  | { kind: "message-not-found" };

/** Slack's message ts is the post time in seconds with microseconds: the log keeps milliseconds. */
export const tsToDate = (ts: string) => new Date(Math.floor(Number(ts) * 1000));

/**
 * Records a Slack message of an incident channel (📌 reaction or the message shortcut) with its
 * original post time, author, permalink and file references, once however often it is pinned.
 * Files of messages recorded in security incidents are copied as evidence (copy-evidence.ts).
 */
export async function recordMessage(
  deps: Pick<Deps, "incidents" | "log" | "messageSource" | "chat" | "custody" | "outbox" | "transaction">,
  input: { channelId: string; ts: string; by: Actor; via: "pin" | "shortcut"; fallback?: SourceMessage },
): Promise<RecordResult> {
  const incident = deps.incidents.findByChannel(input.channelId);
  if (!incident) return { kind: "not-incident-channel" };
  const already = deps.log.findRecordedMessage(input.channelId, input.ts);
  if (already && already.incidentId === incident.id) return { kind: "already", event: already };
  const message =
    (await deps.messageSource.fetchMessage(input.channelId, input.ts)) ?? input.fallback ?? null;
  if (!message) return { kind: "message-not-found" };
  const permalink = message.permalink ?? (await deps.chat.permalink(input.channelId, input.ts));
  // In security incidents (or all, when configured) the files are copied, off the request path:
  // the copy jobs are committed with the record, so a crash cannot lose them.
  const { event, created } = deps.transaction(() => {
    const recorded = deps.log.recordMessageOnce({
      incidentId: incident.id,
      kind: "message_recorded",
      occurredAt: tsToDate(input.ts),
      actor: message.userId ? slackActor(message.userId) : input.by,
      text: message.text,
      data: { recordedBy: input.by, via: input.via, files: message.files, incident: incidentRef(incident) },
      source: { channelId: input.channelId, messageTs: input.ts, permalink },
    });
    const copies = recorded.created ? evidenceJobs(deps, incident, recorded.event, input.by) : [];
    if (copies.length) deps.outbox.add(incident.id, ...copies);
    return recorded;
  });
  return { kind: created ? "recorded" : "already", event };
}
