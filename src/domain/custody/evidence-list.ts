import type { TimelineEvent } from "../timeline/timeline-event.js";

/** One piece of evidence as the review lists it. */
export interface EvidenceItem {
  /** The event that holds it: the recorded message, or the copy of its file. */
  seq: number;
  what: "message" | "file";
  name: string;
  /** File: SHA-256 of its bytes (its name in EVIDENCE_DIR). Message: the hash of its event. */
  sha256: string;
  size: number | null;
  /** Who added it to the log (pinned it, used the shortcut). */
  addedBy: string;
  addedAt: Date;
  /** The message the file belongs to. */
  messageSeq: number;
}

const str = (v: unknown, fallback: string) => (typeof v === "string" && v ? v : fallback);

/** Messages recorded in the log and the files copied from them, in log order. */
export function evidenceIn(events: readonly TimelineEvent[], messages: boolean): EvidenceItem[] {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const items: EvidenceItem[] = [];
  for (const e of events) {
    if (e.kind === "message_recorded" && messages)
      items.push({
        seq: e.seq,
        what: "message",
        name: `message #${e.seq}`,
        sha256: e.hash ?? "",
        size: e.text.length,
        addedBy: str(e.data.recordedBy, e.actor),
        addedAt: e.recordedAt,
        messageSeq: e.seq,
      });
    if (e.kind === "evidence_preserved") {
      const of = typeof e.data.evidenceOf === "number" ? e.data.evidenceOf : e.seq;
      const message = bySeq.get(of);
      items.push({
        seq: e.seq,
        what: "file",
        name: str(e.data.name, "file"),
        sha256: str(e.data.sha256, ""),
        size: typeof e.data.size === "number" ? e.data.size : null,
        addedBy: str(e.data.addedBy, message ? str(message.data.recordedBy, message.actor) : e.actor),
        addedAt: message?.recordedAt ?? e.recordedAt,
        messageSeq: of,
      });
    }
  }
  return items;
}
