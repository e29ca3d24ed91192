import { describe, expect, it } from "vitest";
import { stat } from "../../src/domain/review/report.js";
import type { TimelineEvent, TimelineKind } from "../../src/domain/timeline/timeline-event.js";
import { parseFixValue, resolveFixTime } from "../../src/domain/timeline/timeline-fix.js";
import { buildTimelineView } from "../../src/domain/timeline/timeline-view.js";
import { patternKey } from "../../src/domain/review/weekly-review.js";

const t = (min: number) => new Date(Date.UTC(2026, 10, 25, 21, min));
let seq = 0;
const ev = (
  kind: TimelineKind,
  min: number,
  text: string,
  data: Record<string, unknown> = {},
): TimelineEvent => ({
  id: ++seq,
  seq,
  incidentId: 1,
  kind,
  occurredAt: t(min),
  recordedAt: t(min),
  actor: "slack:U1",
  text,
  data,
  source: null,
});

describe("timeline view", () => {
  it("folds corrections, edits and deletions into the entry they amend and sorts by corrected time", () => {
    seq = 0;
    const events = [
      ev("declared", 0, "Declared"),
      ev("note", 5, "note typed late"),
      ev("message_recorded", 6, "first text"),
      ev("message_revised", 7, "edited", { revisionOf: 3, text: "second text" }),
      ev("message_deleted", 8, "deleted", { revisionOf: 3 }),
      ev("correction", 9, "fix", { correctsSeq: 2, field: "occurredAt", to: t(-2).toISOString() }),
      ev("correction", 10, "fix", { correctsSeq: 1, field: "text", to: "Declared SEV-1" }),
    ];
    const view = buildTimelineView(events);
    expect(view.map((e) => e.seq)).toEqual([2, 1, 3]);
    expect(view[0]).toMatchObject({
      occurredAt: t(-2),
      corrections: [{ field: "occurredAt", from: t(5).toISOString() }],
    });
    expect(view[1]).toMatchObject({
      text: "Declared SEV-1",
      corrections: [{ field: "text", from: "Declared" }],
    });
    expect(view[2]).toMatchObject({
      text: "second text",
      revisions: [{ previousText: "first text" }],
      deleted: { seq: 5 },
    });
  });
});

describe("/incident timeline fix", () => {
  it("reads a time of day (UTC, on the event's date), a date-time, or else text", () => {
    expect(resolveFixTime(parseFixValue("20:58"), t(30))).toEqual(new Date(Date.UTC(2026, 10, 25, 20, 58)));
    expect(resolveFixTime(parseFixValue("2026-11-24 23:59:30"), t(0))).toEqual(
      new Date(Date.UTC(2026, 10, 24, 23, 59, 30)),
    );
    expect(resolveFixTime(parseFixValue("2026-11-24T23:59+01:00"), t(0))).toEqual(
      new Date(Date.UTC(2026, 10, 24, 22, 59)),
    );
    expect(parseFixValue("Rolled back 1.4.2")).toEqual({ kind: "text", text: "Rolled back 1.4.2" });
  });
});

describe("report statistics", () => {
  it("median and nearest-rank p90", () => {
    expect(stat([])).toEqual({ n: 0, medianMs: null, p90Ms: null });
    expect(stat([5, 1, 3])).toEqual({ n: 3, medianMs: 3, p90Ms: 5 });
    expect(stat([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ n: 10, medianMs: 5.5, p90Ms: 9 });
  });

  it("groups SEV-3s by service, else by a telling title word", () => {
    expect(patternKey({ service: "Search", title: "x" })).toBe("search");
    expect(patternKey({ service: null, title: "The avatar upload fails" })).toBe("avatar");
  });
});
