import {
  type Checkpoint,
  checkpointPayload,
  compareWithCheckpoint,
  digestEntries,
  entriesOf,
  type StoredCheckpoint,
} from "../../domain/custody/checkpoint.js";
import { incidentRef } from "../../domain/incident/incident.js";
import { GENESIS_HASH, verifyChain } from "../../domain/timeline/timeline-chain.js";
import type { Deps } from "../deps.js";

export type CheckpointDeps = Pick<
  Deps,
  "incidents" | "timeline" | "checkpoints" | "custody" | "outbox" | "transaction" | "clock" | "logger"
>;

export type CheckpointResult =
  | { kind: "taken" | "unchanged"; checkpoint: StoredCheckpoint }
  /** The log no longer matches its chain or its last checkpoint: signing it would bless the damage. */
  | { kind: "refused"; message: string }
  | { kind: "not-found" };

/**
 * Signs the head of an incident's IMOC log (Ed25519 with AUDIT_SIGNING_KEY; hash only without it),
 * stores it and posts it to the audit channel through the outbox. Nothing new since the last
 * checkpoint: that one stands (no second row, no second post).
 */
export function takeCheckpoint(deps: CheckpointDeps, incidentId: number, reason: string): CheckpointResult {
  const incident = deps.incidents.get(incidentId);
  if (!incident) return { kind: "not-found" };
  const latest = deps.checkpoints.latest(incidentId);
  // Nothing new since the last checkpoint (the head is the event it signed, and a hash includes
  // the seq): it stands, and nothing is signed, so the log need not be read nor re-hashed.
  if (latest && deps.timeline.headHash?.(incidentId) === latest.headHash)
    return { kind: "unchanged", checkpoint: latest };
  const events = deps.timeline.list(incidentId);
  const head = events.at(-1)?.hash || GENESIS_HASH;
  if (latest && latest.count === events.length && latest.headHash === head)
    return { kind: "unchanged", checkpoint: latest };
  const chain = verifyChain(events);
  const mismatch = latest ? compareWithCheckpoint(events, latest) : null;
  const problem = !chain.ok ? `the hash chain is broken: ${chain.message}` : mismatch?.message;
  if (problem) {
    const message = `${incidentRef(incident)}: no checkpoint taken (${reason}): ${problem}`;
    deps.logger.error({ incidentId, reason }, message);
    if (deps.custody.auditChannel)
      deps.outbox.add(incidentId, {
        kind: "post",
        channel: deps.custody.auditChannel,
        message: { text: `:warning: ${message}` },
      });
    return { kind: "refused", message };
  }
  const entries = entriesOf(events);
  const signer = deps.custody.signer;
  const unsigned = {
    incidentId,
    count: events.length,
    headHash: head,
    eventsDigest: digestEntries(entries),
    signedAt: deps.clock.now(),
    keyId: signer?.keyId ?? null,
  };
  const checkpoint: Checkpoint = {
    ...unsigned,
    signature: signer ? signer.sign(checkpointPayload(unsigned)) : null,
    reason,
  };
  const stored = deps.transaction(() => {
    const row = deps.checkpoints.add(checkpoint, entries);
    const channel = deps.custody.auditChannel;
    if (channel)
      deps.outbox.add(incidentId, {
        kind: "post",
        channel,
        message: deps.custody.checkpointMessage(checkpoint, incidentRef(incident)),
        failure: "Could not post the checkpoint to the audit channel",
      });
    return row;
  });
  return { kind: "taken", checkpoint: stored };
}
