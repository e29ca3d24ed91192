import type { Actor, TimelineEvent, TimelineKind, TimelineSource } from "./timeline-event.js";

/** Kinds that amend another entry instead of standing on their own in a review. */
const AMENDING: ReadonlySet<TimelineKind> = new Set(["correction", "message_revised", "message_deleted"]);

export interface FileRef {
  /** Slack's file id (`F…`), for copying the file as evidence; absent in older events. */
  id?: string;
  name: string;
  type: string | null;
  permalink: string | null;
}

export interface Amendment {
  seq: number;
  by: Actor;
  at: Date;
}

export interface TimelineEntry {
  seq: number;
  kind: TimelineKind;
  actor: Actor;
  /** After corrections and edits: what a reader should take as true. */
  text: string;
  occurredAt: Date;
  recordedAt: Date;
  source: TimelineSource | null;
  data: Record<string, unknown>;
  files: FileRef[];
  corrections: Array<Amendment & { field: "occurredAt" | "text" | "detectedAt"; from: string; to: string }>;
  /** Edits of a recorded Slack message, oldest first; `text` is the text before that edit. */
  revisions: Array<Amendment & { previousText: string; text: string }>;
  deleted: Amendment | null;
}

/** Corrections point at `data.correctsSeq`, message revisions and deletions at `data.revisionOf`. */
export function amendedSeq(event: TimelineEvent): number | null {
  const target = event.kind === "correction" ? event.data.correctsSeq : event.data.revisionOf;
  return typeof target === "number" ? target : null;
}

// Most entries have no files, corrections or revisions: they share one empty list until amended
// (10,000-event exports would otherwise allocate 30,000 empty arrays).
const NONE: never[] = Object.freeze([]) as unknown as never[];

export function filesOf(data: Record<string, unknown>): FileRef[] {
  if (!Array.isArray(data.files) || data.files.length === 0) return NONE;
  const files = data.files;
  return files.flatMap((f: unknown) => {
    if (!f || typeof f !== "object") return [];
    const { name, type, permalink } = f as Record<string, unknown>;
    return typeof name === "string"
      ? [
          {
            name,
            type: typeof type === "string" ? type : null,
            permalink: typeof permalink === "string" ? permalink : null,
          },
        ]
      : [];
  });
}

/**
 * The log as a review tells it: each happening once, in time order (after time corrections),
 * with corrections, edits and deletions folded into the entry they amend. Nothing is dropped:
 * the entry keeps every previous value, and the raw events stay in the JSON export.
 */
export function buildTimelineView(events: readonly TimelineEvent[]): TimelineEntry[] {
  const bySeq = new Map<number, TimelineEntry>();
  const entries: TimelineEntry[] = [];
  for (const event of events) {
    const target = AMENDING.has(event.kind) ? amendedSeq(event) : null;
    const entry = target === null ? undefined : bySeq.get(target);
    if (entry) {
      amend(entry, event);
      continue;
    }
    const fresh: TimelineEntry = {
      seq: event.seq,
      kind: event.kind,
      actor: event.actor,
      text: event.text,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      source: event.source ?? null,
      data: event.data,
      files: filesOf(event.data),
      corrections: NONE,
      revisions: NONE,
      deleted: null,
    };
    bySeq.set(event.seq, fresh);
    entries.push(fresh);
  }
  return entries.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.seq - b.seq);
}

function amend(entry: TimelineEntry, event: TimelineEvent): void {
  const base = { seq: event.seq, by: event.actor, at: event.occurredAt };
  if (event.kind === "message_deleted") {
    entry.deleted = base;
    return;
  }
  if (event.kind === "message_revised") {
    const text = typeof event.data.text === "string" ? event.data.text : event.text;
    entry.revisions = [...entry.revisions, { ...base, previousText: entry.text, text }];
    entry.text = text;
    const files = filesOf(event.data);
    if (files.length) entry.files = files;
    return;
  }
  const { field, to } = event.data;
  if (field === "occurredAt" && typeof to === "string" && !Number.isNaN(Date.parse(to))) {
    entry.corrections = [...entry.corrections, { ...base, field, from: entry.occurredAt.toISOString(), to }];
    entry.occurredAt = new Date(to);
  } else if (field === "detectedAt" && typeof to === "string" && !Number.isNaN(Date.parse(to))) {
    // When the problem was first noticed lives on the declaration; the review's key times read it.
    const from = typeof entry.data.detectedAt === "string" ? entry.data.detectedAt : "";
    entry.corrections = [...entry.corrections, { ...base, field, from, to }];
    entry.data = { ...entry.data, detectedAt: to };
  } else if (field === "text" && typeof to === "string") {
    entry.corrections = [...entry.corrections, { ...base, field, from: entry.text, to }];
    entry.text = to;
  }
}
