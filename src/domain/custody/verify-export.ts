import { GENESIS_HASH, type ChainVerdict, verifyChain } from "../timeline/timeline-chain.js";
import type { TimelineEvent } from "../timeline/timeline-event.js";
import { checkpointPayload, digestEntries, entriesOf, type Checkpoint } from "./checkpoint.js";
import type { SignatureState } from "./custody-report.js";

/** What a kept JSON export (`GET .../timeline?format=json`) holds that verification needs. */
export interface ExportedLog {
  incidentId: number;
  events: TimelineEvent[];
  checkpoints: Checkpoint[];
}

export interface ExportVerdict {
  intact: boolean;
  chain: ChainVerdict;
  checkpoints: Array<{ signedAt: string; count: number; signature: SignatureState; problem: string | null }>;
  problems: string[];
}

const date = (v: unknown) => new Date(typeof v === "string" || typeof v === "number" ? v : Number.NaN);

/** Reads an export's JSON; throws a message saying what is missing. */
export function parseExport(json: unknown): ExportedLog {
  const doc = (json ?? {}) as {
    incident?: { id?: unknown };
    events?: unknown;
    custody?: { checkpoints?: unknown };
  };
  if (typeof doc.incident?.id !== "number" || !Array.isArray(doc.events))
    throw new Error(
      "not a review export: it needs incident.id and events (GET /api/incidents/{n}/timeline?format=json)",
    );
  const events = (doc.events as Array<Record<string, unknown>>).map(
    (e) =>
      ({
        ...e,
        occurredAt: date(e.occurredAt),
        recordedAt: date(e.recordedAt),
        data: (e.data as Record<string, unknown>) ?? {},
      }) as unknown as TimelineEvent,
  );
  const raw = Array.isArray(doc.custody?.checkpoints)
    ? (doc.custody.checkpoints as Array<Record<string, unknown>>)
    : [];
  const checkpoints = raw.map((c) => ({ ...c, signedAt: date(c.signedAt) }) as unknown as Checkpoint);
  return { incidentId: doc.incident.id, events, checkpoints };
}

/**
 * Checks an export on its own (no database): its hash chain, and every checkpoint it embeds
 * against its events and, with a public key, its signature.
 */
export function verifyExport(
  log: ExportedLog,
  signature: (payload: string, signature: string, keyId: string | null) => SignatureState,
): ExportVerdict {
  const chain = verifyChain(log.events);
  const problems: string[] = chain.ok ? [] : [`the export's hash chain is broken: ${chain.message}`];
  const checkpoints = log.checkpoints.map((c) => {
    const covered = log.events.slice(0, c.count);
    const head = covered.at(-1)?.hash ?? GENESIS_HASH;
    let problem: string | null = null;
    if (c.incidentId !== log.incidentId) problem = `it is a checkpoint of incident ${c.incidentId}`;
    else if (covered.length !== c.count)
      problem = `it covers ${c.count} events; the export has ${log.events.length}`;
    else if (head !== c.headHash || digestEntries(entriesOf(covered)) !== c.eventsDigest)
      problem = "the export's events are not the ones it signed";
    const state: SignatureState = c.signature
      ? signature(checkpointPayload(c), c.signature, c.keyId)
      : "unsigned";
    if (!problem && state === "invalid") problem = "its signature does not verify with the public key";
    if (problem) problems.push(`checkpoint of ${c.signedAt.toISOString()}: ${problem}`);
    return { signedAt: c.signedAt.toISOString(), count: c.count, signature: state, problem };
  });
  if (log.checkpoints.length === 0) problems.push("the export carries no checkpoint");
  return { intact: problems.length === 0, chain, checkpoints, problems };
}

/**
 * The database against a kept export: every exported event must still be in the log, unchanged.
 * Names the first one that is not (null: all there).
 */
export function compareWithExport(
  dbEvents: readonly TimelineEvent[],
  exported: readonly TimelineEvent[],
): string | null {
  const bySeq = new Map(dbEvents.map((e) => [e.seq, e]));
  for (const e of exported) {
    const now = bySeq.get(e.seq);
    if (!now) return `event #${e.seq} (${e.kind}) of the export is missing from the database`;
    if (now.hash !== e.hash)
      return `event #${e.seq} (${e.kind}) in the database is not the event exported: it was changed`;
  }
  return null;
}
