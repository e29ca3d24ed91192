import {
  type CustodyReport,
  custodyReport,
  type EvidenceCheck,
  type SignatureCheck,
} from "../../domain/custody/custody-report.js";
import { type ChainVerdict, verifyChain } from "../../domain/timeline/timeline-chain.js";
import type { TimelineEvent } from "../../domain/timeline/timeline-event.js";
import type { CheckpointVerifier, Custody } from "../../ports/custody.js";
import type { Deps } from "../deps.js";

export type VerifyResult =
  | { kind: "verified"; incidentId: number; verdict: ChainVerdict; custody?: CustodyReport }
  | { kind: "not-found" };

export type CustodyCheckDeps = Pick<Deps, "checkpoints"> & { custody: Pick<Custody, "verifier" | "vault"> };

/** Signature states against one public key (null: signatures cannot be checked). */
export const signatureCheck =
  (verifier: CheckpointVerifier | null): SignatureCheck =>
  (payload, signature, keyId) => {
    if (!verifier) return "not-checked";
    if (keyId !== verifier.keyId) return "unknown-key";
    return verifier.verify(payload, signature) ? "valid" : "invalid";
  };

/** The evidence copies an incident's log names (`evidence_preserved` events), re-hashed. */
export function checkEvidence(events: readonly TimelineEvent[], vault: Custody["vault"]): EvidenceCheck[] {
  return events
    .filter((e) => e.kind === "evidence_preserved" && typeof e.data.sha256 === "string")
    .map((e) => {
      const sha256 = String(e.data.sha256);
      return { seq: e.seq, name: String(e.data.name ?? "file"), sha256, state: vault.check(sha256) };
    });
}

/**
 * Recomputes an incident's hash chain from what is in the database now; with the custody ports,
 * also checks it against every checkpoint and re-hashes the evidence copies.
 */
export function verifyTimeline(
  deps: Pick<Deps, "incidents" | "timeline"> & Partial<CustodyCheckDeps>,
  incidentId: number,
): VerifyResult {
  if (!deps.incidents.get(incidentId)) return { kind: "not-found" };
  const events = deps.timeline.list(incidentId);
  if (!deps.checkpoints || !deps.custody)
    return { kind: "verified", incidentId, verdict: verifyChain(events) };
  const custody = custodyReport(
    events,
    deps.checkpoints.list(incidentId),
    signatureCheck(deps.custody.verifier),
    checkEvidence(events, deps.custody.vault),
  );
  return { kind: "verified", incidentId, verdict: custody.chain, custody };
}
