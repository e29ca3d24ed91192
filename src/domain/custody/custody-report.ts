import { GENESIS_HASH, type ChainVerdict, verifyChain } from "../timeline/timeline-chain.js";
import type { TimelineEvent } from "../timeline/timeline-event.js";
import {
  checkpointPayload,
  compareWithCheckpoint,
  digestEntries,
  type HistoryMismatch,
  type StoredCheckpoint,
} from "./checkpoint.js";

export type SignatureState = "valid" | "invalid" | "unsigned" | "unknown-key" | "not-checked";

export interface CheckpointCheck {
  id: number;
  count: number;
  headHash: string;
  signedAt: Date;
  keyId: string | null;
  reason: string;
  signature: SignatureState;
  /** The stored history digests to what was signed and ends at the signed head. */
  consistent: boolean;
}

export interface EvidenceCheck {
  seq: number;
  name: string;
  sha256: string;
  state: "intact" | "missing" | "changed";
}

export interface CustodyReport {
  intact: boolean;
  chain: ChainVerdict;
  /** The latest checkpoint the log was compared with (null: none yet). */
  checkpoint: CheckpointCheck | null;
  /** The first event of a signed history that no longer matches (over every sound checkpoint). */
  mismatch: HistoryMismatch | null;
  /** Checkpoints whose own signature or stored history do not hold: they were tampered with. */
  badCheckpoints: Array<CheckpointCheck & { problem: string }>;
  /** Events recorded after the latest checkpoint: only the hash chain covers them. */
  afterCheckpoint: number;
  evidence: EvidenceCheck[];
  /** The first event that does not match, from the chain or a checkpoint. */
  firstBad: { seq: number; kind: string; reason: string; message: string } | null;
  notes: string[];
}

export type SignatureCheck = (payload: string, signature: string, keyId: string | null) => SignatureState;

/** Checks a checkpoint on its own: its signature, and that its history digests to what was signed. */
export function checkCheckpoint(c: StoredCheckpoint, signature: SignatureCheck): CheckpointCheck {
  const last = c.entries.at(-1)?.hash ?? GENESIS_HASH;
  const consistent =
    c.entries.length === c.count && last === c.headHash && digestEntries(c.entries) === c.eventsDigest;
  return {
    id: c.id,
    count: c.count,
    headHash: c.headHash,
    signedAt: c.signedAt,
    keyId: c.keyId,
    reason: c.reason,
    signature: c.signature === null ? "unsigned" : signature(checkpointPayload(c), c.signature, c.keyId),
    consistent,
  };
}

/**
 * The verdict on one incident's log: its hash chain, every checkpoint (signature, history), the
 * log against each signed history, and the evidence copies (checked by the caller).
 */
export function custodyReport(
  events: readonly TimelineEvent[],
  checkpoints: readonly StoredCheckpoint[],
  signature: SignatureCheck,
  evidence: EvidenceCheck[] = [],
): CustodyReport {
  const chain = verifyChain(events);
  const badCheckpoints: CustodyReport["badCheckpoints"] = [];
  let mismatch: HistoryMismatch | null = null;
  let latest: CheckpointCheck | null = null;
  const states = new Set<CheckpointCheck["signature"]>();
  for (const c of checkpoints) {
    const check = checkCheckpoint(c, signature);
    states.add(check.signature);
    if (check.signature === "invalid" || !check.consistent) {
      const problem = !check.consistent
        ? "its stored history does not digest to what was signed"
        : "its signature does not verify with the audit public key";
      badCheckpoints.push({
        ...check,
        problem: `checkpoint ${c.id} (${c.signedAt.toISOString()}): ${problem}`,
      });
      continue;
    }
    latest = check;
    const m = compareWithCheckpoint(events, c);
    if (m && (!mismatch || m.seq < mismatch.seq)) mismatch = m;
  }
  const candidates: NonNullable<CustodyReport["firstBad"]>[] = [];
  if (!chain.ok)
    candidates.push({
      seq: chain.firstBad.seq,
      kind: chain.firstBad.kind,
      reason: chain.reason,
      message: chain.message,
    });
  if (mismatch)
    candidates.push({
      seq: mismatch.seq,
      kind: mismatch.kind,
      reason: `checkpoint_${mismatch.reason}`,
      message: mismatch.message,
    });
  candidates.sort((a, b) => a.seq - b.seq);
  const afterCheckpoint = latest ? Math.max(0, events.length - latest.count) : events.length;
  const notes: string[] = [];
  if (!latest)
    notes.push(
      "No checkpoint yet: only the hash chain covers this log, so a deleted tail or a recomputed chain would not show.",
    );
  else if (afterCheckpoint > 0)
    notes.push(
      `${afterCheckpoint} event${afterCheckpoint === 1 ? "" : "s"} after the latest checkpoint ${afterCheckpoint === 1 ? "is" : "are"} covered by the hash chain only: a rewrite there with every later hash recomputed shows only against a copy kept outside the database (the audit channel, an export).`,
    );
  if (states.has("unsigned"))
    notes.push("Some checkpoints are unsigned (no AUDIT_SIGNING_KEY when taken): hash only.");
  if (states.has("not-checked") || states.has("unknown-key"))
    notes.push("Some signatures were not checked: give the public key of the key that signed them.");
  return {
    intact:
      chain.ok && !mismatch && badCheckpoints.length === 0 && evidence.every((e) => e.state === "intact"),
    chain,
    checkpoint: latest,
    mismatch,
    badCheckpoints,
    afterCheckpoint,
    evidence,
    firstBad: candidates[0] ?? null,
    notes,
  };
}
