import { type ChainVerdict, verifyChain } from "../../domain/timeline/timeline-chain.js";
import type { Deps } from "../deps.js";

export type VerifyResult =
  | { kind: "verified"; incidentId: number; verdict: ChainVerdict }
  | { kind: "not-found" };

/** Recomputes an incident's hash chain from what is in the database now. */
export function verifyTimeline(deps: Pick<Deps, "incidents" | "timeline">, incidentId: number): VerifyResult {
  if (!deps.incidents.get(incidentId)) return { kind: "not-found" };
  return { kind: "verified", incidentId, verdict: verifyChain(deps.timeline.list(incidentId)) };
}
