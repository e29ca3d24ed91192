import { createHash } from "node:crypto";
import type { TimelineEvent } from "./timeline-event.js";

/** The first event of an incident chains to this. */
export const GENESIS_HASH = "0".repeat(64);

export type ChainFields = Pick<
  TimelineEvent,
  "incidentId" | "seq" | "occurredAt" | "recordedAt" | "kind" | "actor" | "text" | "data" | "source"
>;

/** JSON with object keys sorted at every level, so the same event always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/**
 * Every field a reader relies on, times as integer milliseconds, plus the previous hash. The
 * storage row id is left out: the per-incident `seq` is the identity people cite.
 */
export function canonicalForm(event: ChainFields, prevHash: string): string {
  return canonicalJson({
    v: 1,
    incidentId: event.incidentId,
    seq: event.seq,
    occurredAt: event.occurredAt.getTime(),
    recordedAt: event.recordedAt.getTime(),
    kind: event.kind,
    actor: event.actor,
    text: event.text,
    data: event.data ?? {},
    source: event.source
      ? {
          channelId: event.source.channelId,
          messageTs: event.source.messageTs,
          permalink: event.source.permalink ?? null,
        }
      : null,
    prevHash,
  });
}

export function hashEvent(event: ChainFields, prevHash: string): string {
  return createHash("sha256").update(canonicalForm(event, prevHash)).digest("hex");
}

export type ChainVerdict =
  | { ok: true; count: number; headHash: string }
  | {
      ok: false;
      count: number;
      /** The first event that does not match: everything before it is intact. */
      firstBad: { seq: number; kind: string; occurredAt: Date };
      reason: "hash_mismatch" | "broken_link" | "sequence_gap";
      message: string;
    };

/** Recomputes the chain of one incident's events (in seq order) and names the first bad one. */
export function verifyChain(events: readonly TimelineEvent[]): ChainVerdict {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const event of events) {
    const bad = (reason: "hash_mismatch" | "broken_link" | "sequence_gap", why: string): ChainVerdict => ({
      ok: false,
      count: events.length,
      firstBad: { seq: event.seq, kind: event.kind, occurredAt: event.occurredAt },
      reason,
      message: `event #${event.seq} (${event.kind}, ${event.occurredAt.toISOString()}) ${why}`,
    });
    if (event.seq !== expectedSeq)
      return bad("sequence_gap", `follows #${expectedSeq - 1}: events are missing`);
    if (event.prevHash !== prev) return bad("broken_link", "does not chain to the event before it");
    if (event.hash !== hashEvent(event, prev))
      return bad("hash_mismatch", "was changed after it was recorded: its hash does not match its content");
    prev = event.hash;
    expectedSeq++;
  }
  return { ok: true, count: events.length, headHash: prev };
}
