import type { CheckpointCheck, CustodyReport } from "../../../domain/custody/custody-report.js";
import type { ChainVerdict } from "../../../domain/timeline/timeline-chain.js";

const checkJson = (c: CheckpointCheck) => ({ ...c, signedAt: c.signedAt.toISOString() });

/** `GET /api/incidents/{n}/timeline/verify`: the chain, the checkpoints and the evidence copies. */
export function verifyJson(incident: number, v: ChainVerdict, custody?: CustodyReport) {
  const chain = v.ok
    ? { intact: true, count: v.count, headHash: v.headHash }
    : {
        intact: false,
        count: v.count,
        reason: v.reason,
        message: v.message,
        firstBad: { ...v.firstBad, occurredAt: v.firstBad.occurredAt.toISOString() },
      };
  if (!custody) return { incident, ...chain };
  return {
    incident,
    ...chain,
    intact: custody.intact,
    ...(custody.firstBad
      ? { reason: custody.firstBad.reason, message: custody.firstBad.message, firstBad: custody.firstBad }
      : {}),
    chain: { intact: v.ok, ...(v.ok ? {} : { reason: v.reason, message: v.message }) },
    checkpoint: custody.checkpoint ? checkJson(custody.checkpoint) : null,
    badCheckpoints: custody.badCheckpoints.map(checkJson),
    afterCheckpoint: custody.afterCheckpoint,
    evidence: custody.evidence,
    notes: custody.notes,
  };
}
