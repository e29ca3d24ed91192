import type { Incident } from "../../domain/incident/incident.js";
import { formatDateTime } from "../../domain/time/time-zone.js";
import type { TimelineEvent } from "../../domain/timeline/timeline-event.js";
import { type FixValue, resolveFixTime } from "../../domain/timeline/timeline-fix.js";
import { buildTimelineView } from "../../domain/timeline/timeline-view.js";
import type { Deps } from "../deps.js";

export type CorrectionResult =
  | { kind: "corrected"; event: TimelineEvent }
  | { kind: "unchanged" }
  | { kind: "no-such-entry"; seq: number }
  | { kind: "not-correctable"; reason: string };

const NOT_CORRECTABLE = new Set(["correction", "message_revised", "message_deleted"]);

/**
 * A correction is a new event pointing at the original (`data.correctsSeq`): the original row
 * is never changed, so the hash chain holds and exports show both values.
 */
export function correctTimeline(
  deps: Pick<Deps, "clock" | "timeline">,
  input: { incident: Incident; seq: number | "detected"; value: FixValue; actor: string },
): CorrectionResult {
  const events = deps.timeline.list(input.incident.id);
  if (input.seq === "detected") return setDetected(deps, input.incident, events, input.value, input.actor);
  const original = events.find((e) => e.seq === input.seq);
  if (!original) return { kind: "no-such-entry", seq: input.seq };
  if (NOT_CORRECTABLE.has(original.kind))
    return {
      kind: "not-correctable",
      reason: `#${input.seq} is a ${original.kind}; correct the entry it amends`,
    };
  const current = buildTimelineView(events).find((e) => e.seq === input.seq);
  if (!current) return { kind: "no-such-entry", seq: input.seq };

  const at = resolveFixTime(input.value, current.occurredAt);
  const change = at
    ? { field: "occurredAt", from: current.occurredAt.toISOString(), to: at.toISOString() }
    : { field: "text", from: current.text, to: input.value.kind === "text" ? input.value.text : "" };
  if (change.from === change.to) return { kind: "unchanged" };
  const shown =
    change.field === "occurredAt"
      ? `time from ${formatDateTime(current.occurredAt)} to ${formatDateTime(at as Date)}`
      : `text to "${change.to}"`;
  const event = deps.timeline.append({
    incidentId: input.incident.id,
    kind: "correction",
    occurredAt: deps.clock.now(),
    actor: input.actor,
    text: `Corrected #${input.seq} (${original.kind}) ${shown}`,
    data: { correctsSeq: input.seq, ...change },
  });
  return { kind: "corrected", event };
}

/** "Detected at" is a correction of the declaration: the review's key times and durations use it. */
function setDetected(
  deps: Pick<Deps, "clock" | "timeline">,
  incident: Incident,
  events: TimelineEvent[],
  value: FixValue,
  actor: string,
): CorrectionResult {
  const declared = buildTimelineView(events).find((e) => e.kind === "declared");
  if (!declared) return { kind: "no-such-entry", seq: 1 };
  const at = resolveFixTime(value, declared.occurredAt);
  if (!at) return { kind: "not-correctable", reason: "a detection time must be a time, not text" };
  const from = typeof declared.data.detectedAt === "string" ? declared.data.detectedAt : "";
  if (from === at.toISOString()) return { kind: "unchanged" };
  const event = deps.timeline.append({
    incidentId: incident.id,
    kind: "correction",
    occurredAt: deps.clock.now(),
    actor,
    text: `Detected at ${formatDateTime(at)} (before the declaration at ${formatDateTime(declared.occurredAt)})`,
    data: { correctsSeq: declared.seq, field: "detectedAt", from, to: at.toISOString() },
  });
  return { kind: "corrected", event };
}
