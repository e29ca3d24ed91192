import { createHash } from "node:crypto";
import type { TimelineEvent } from "../timeline/timeline-event.js";

/** One entry of the signed history: enough to name an event that is later missing or changed. */
export interface CheckpointEntry {
  seq: number;
  kind: string;
  hash: string;
}

/**
 * The signed head of one incident's IMOC log at a moment (CloudTrail's digest, CT's signed tree
 * head). `eventsDigest` binds every event hash, so a checkpoint can name the first event that no
 * longer matches, not only say that the head moved.
 */
export interface Checkpoint {
  incidentId: number;
  count: number;
  headHash: string;
  eventsDigest: string;
  signedAt: Date;
  /** First 16 hex digits of the SHA-256 of the public key (SPKI DER); null when unsigned. */
  keyId: string | null;
  /** Ed25519 signature of `checkpointPayload`, base64; null when no key was configured. */
  signature: string | null;
  /** What made the bot take it: `status resolved`, `export`, ... */
  reason: string;
}

/** A stored checkpoint: its row id and the history it covers. */
export interface StoredCheckpoint extends Checkpoint {
  id: number;
  entries: CheckpointEntry[];
}

export const entriesOf = (events: readonly TimelineEvent[]): CheckpointEntry[] =>
  events.map((e) => ({ seq: e.seq, kind: e.kind, hash: e.hash ?? "" }));

export function digestEntries(entries: readonly CheckpointEntry[]): string {
  const h = createHash("sha256");
  for (const e of entries) h.update(`${e.seq} ${e.kind} ${e.hash}\n`);
  return h.digest("hex");
}

/** The exact bytes that are signed: line-based, so a person can rebuild them by hand. */
export function checkpointPayload(c: Omit<Checkpoint, "signature" | "reason">): string {
  return [
    "imoc checkpoint v1",
    `incident ${c.incidentId}`,
    `events ${c.count}`,
    `head ${c.headHash}`,
    `digest ${c.eventsDigest}`,
    `signed-at ${c.signedAt.toISOString()}`,
    `key ${c.keyId ?? "none"}`,
  ].join("\n");
}

export type HistoryMismatch = {
  seq: number;
  kind: string;
  /** `missing`: the signed event is gone; `changed`: an event with that number is not the one signed. */
  reason: "missing" | "changed";
  message: string;
};

/**
 * Compares the log now with the history a checkpoint covers; names the first event of the
 * signed history that no longer matches (null: every signed event is there, unchanged).
 */
export function compareWithCheckpoint(
  events: readonly TimelineEvent[],
  checkpoint: Pick<StoredCheckpoint, "entries" | "count" | "signedAt">,
): HistoryMismatch | null {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const signed = `the checkpoint of ${checkpoint.signedAt.toISOString()} (${checkpoint.count} events)`;
  for (const entry of checkpoint.entries) {
    const event = bySeq.get(entry.seq);
    if (!event) {
      const gone = checkpoint.entries.filter((e) => !bySeq.has(e.seq)).length;
      return {
        seq: entry.seq,
        kind: entry.kind,
        reason: "missing",
        message: `event #${entry.seq} (${entry.kind}) is missing: ${signed} has it; ${gone} signed event${gone === 1 ? " is" : "s are"} gone from the log`,
      };
    }
    if (event.hash !== entry.hash || event.kind !== entry.kind)
      return {
        seq: entry.seq,
        kind: entry.kind,
        reason: "changed",
        message: `event #${entry.seq} (${entry.kind}) is not the event ${signed} signed: it was rewritten (even if every later hash was recomputed)`,
      };
  }
  return null;
}
