import { describe, expect, it } from "vitest";
import { verifyChain } from "../../src/domain/timeline/timeline-chain.js";
import type { NewTimelineEvent } from "../../src/domain/timeline/timeline-event.js";
import { declared, newIncident, useRecord } from "./fixtures.js";
import { RECORDS } from "./records.js";

const note = (incidentId: number, text: string, extra: Partial<NewTimelineEvent> = {}): NewTimelineEvent => ({
  incidentId,
  kind: "note",
  occurredAt: new Date("2026-11-27T10:05:00.456Z"),
  actor: "slack:U1",
  text,
  ...extra,
});

const pin = (incidentId: number, channelId: string, messageTs: string, text = "the graph") => ({
  ...note(incidentId, text),
  kind: "message_recorded" as const,
  source: { channelId, messageTs, permalink: `https://slack.example/${messageTs}` },
});

describe.each(RECORDS)("timeline on %s", (_kind, open) => {
  const record = useRecord(open);

  it("appends in seq order, reads back exactly what was written, and the chain verifies", async () => {
    const r = await record();
    const incident = r.incidents.create(newIncident(), declared);
    expect(r.timeline.headHash?.(incident.id + 1)).toBeNull();
    const written = [
      r.timeline.append(
        note(incident.id, "first", { data: { z: 1, a: { b: [1, "ü", null] }, gone: undefined } }),
      ),
      r.timeline.append(
        note(incident.id, "from a message", { source: { channelId: "C1", messageTs: "1.000200" } }),
      ),
      r.timeline.append(note(incident.id, "unicode ✓ \u{1F525} and 'quotes'")),
    ];
    expect(written.map((e) => e.seq)).toEqual([2, 3, 4]);
    const listed = r.timeline.list(incident.id);
    expect(listed.slice(1)).toEqual(written);
    expect(listed[1]?.data).toEqual({ z: 1, a: { b: [1, "ü", null] } });
    expect(listed[2]?.source).toEqual({ channelId: "C1", messageTs: "1.000200", permalink: null });
    expect(listed[1]?.occurredAt.toISOString()).toBe("2026-11-27T10:05:00.456Z");
    expect(verifyChain(listed)).toEqual({ ok: true, count: 4, headHash: written[2]?.hash });
    expect(r.timeline.headHash?.(incident.id)).toBe(written[2]?.hash);
    // Without hashes: the same events, no hashes.
    const light = r.timeline.list(incident.id, { hashes: false });
    expect(light.map((e) => [e.seq, e.text, e.prevHash, e.hash])).toEqual(
      listed.map((e) => [e.seq, e.text, undefined, undefined]),
    );
    // Another replica continues the same chain.
    const other = await r.replica();
    expect(other.timeline.append(note(incident.id, "from elsewhere")).seq).toBe(5);
    expect(verifyChain(r.timeline.list(incident.id)).ok).toBe(true);
  });

  it("keeps each incident's sequence apart and refuses an event for no incident", async () => {
    const r = await record();
    const a = r.incidents.create(newIncident(), declared);
    const b = r.incidents.create(newIncident(), declared);
    r.timeline.append(note(a.id, "a2"));
    expect(r.timeline.append(note(b.id, "b2")).seq).toBe(2);
    expect(r.timeline.append(note(a.id, "a3")).seq).toBe(3);
    expect(() => r.timeline.append(note(b.id + 10, "orphan"))).toThrow();
    expect(r.timeline.list(b.id).map((e) => e.text)).toEqual(["Declared Checkout is down", "b2"]);
  });

  it("records a message once per incident and finds its first record; channel and ts match exactly", async () => {
    const r = await record();
    const other = await r.replica();
    const a = r.incidents.create(newIncident(), declared);
    const b = r.incidents.create(newIncident(), declared);
    const first = r.log.recordMessageOnce(pin(a.id, "C9", "1700000000.000100"));
    expect(first.created).toBe(true);
    const again = other.log.recordMessageOnce(pin(a.id, "C9", "1700000000.000100", "pinned twice"));
    expect(again).toEqual({ event: first.event, created: false });
    expect(r.timeline.list(a.id).filter((e) => e.kind === "message_recorded")).toHaveLength(1);
    // The same message in another incident is recorded there too.
    expect(r.log.recordMessageOnce(pin(b.id, "C9", "1700000000.000100")).created).toBe(true);
    expect(r.log.findRecordedMessage("C9", "1700000000.000100")).toEqual(first.event);
    expect(r.log.findRecordedMessage("c9", "1700000000.000100")).toBeNull();
    expect(r.log.findRecordedMessage("C9", "1700000000.0001")).toBeNull();
    // A note that merely carries the source is not a record of the message.
    r.timeline.append(note(a.id, "about it", { source: { channelId: "C9", messageTs: "2.0" } }));
    expect(r.log.findRecordedMessage("C9", "2.0")).toBeNull();
  });

  it("finds incidents by status, severity, declared range, security and drills, a page at a time", async () => {
    const r = await record();
    const at = (iso: string) => new Date(`2026-11-${iso}Z`);
    const make = (declaredAt: string, extra = {}) =>
      r.incidents.create(newIncident({ declaredAt: at(declaredAt), ...extra }), declared);
    const i1 = make("20T10:00:00.000", { severity: "sev1" });
    const i2 = make("21T10:00:00.000", { severity: "sev2" });
    const i3 = make("22T10:00:00.000", { severity: "sev2", security: true });
    const i4 = make("23T10:00:00.000", { severity: "sev3", drill: true });
    const i5 = make("24T10:00:00.000", { severity: "sev2" });
    r.incidents.update(i5.id, { status: "resolved" }, null);
    const ids = (q: Partial<Parameters<typeof r.log.findIncidents>[0]>) => {
      const found = r.log.findIncidents({ includeSecurity: false, limit: 50, offset: 0, ...q });
      return [found.incidents.map((i) => i.id), found.total];
    };
    expect(ids({})).toEqual([[i1.id, i2.id, i4.id, i5.id], 4]);
    expect(ids({ includeSecurity: true })).toEqual([[i1.id, i2.id, i3.id, i4.id, i5.id], 5]);
    expect(ids({ includeDrills: false })).toEqual([[i1.id, i2.id, i5.id], 3]);
    expect(ids({ severity: "sev2" })).toEqual([[i2.id, i5.id], 2]);
    expect(ids({ status: "resolved" })).toEqual([[i5.id], 1]);
    expect(ids({ status: "declared", severity: "sev2", includeSecurity: true })).toEqual([[i2.id, i3.id], 2]);
    // From inclusive, to exclusive, to the millisecond.
    expect(ids({ from: at("21T10:00:00.000"), to: at("23T10:00:00.000") })).toEqual([[i2.id], 1]);
    expect(ids({ from: at("21T10:00:00.001"), to: at("23T10:00:00.001") })).toEqual([[i4.id], 1]);
    expect(ids({ limit: 2, offset: 1 })).toEqual([[i2.id, i4.id], 4]);
    expect(ids({ limit: 2, offset: 4 })).toEqual([[], 4]);
    expect(r.log.findIncidents({ includeSecurity: true, limit: 1, offset: 0 }).incidents[0]).toEqual(
      r.incidents.get(i1.id),
    );
  });

  it("reads the events of several incidents by incident then seq, optionally of some kinds", async () => {
    const r = await record();
    const a = r.incidents.create(newIncident(), declared);
    const b = r.incidents.create(newIncident(), declared);
    const c = r.incidents.create(newIncident(), declared);
    r.timeline.append(note(b.id, "b note"));
    r.timeline.append(note(a.id, "a note"));
    r.log.recordMessageOnce(pin(a.id, "C1", "1.1"));
    const all = r.log.eventsOf([b.id, a.id]);
    expect(all.map((e) => [e.incidentId, e.seq, e.kind])).toEqual([
      [a.id, 1, "declared"],
      [a.id, 2, "note"],
      [a.id, 3, "message_recorded"],
      [b.id, 1, "declared"],
      [b.id, 2, "note"],
    ]);
    expect(all).toEqual([...r.timeline.list(a.id), ...r.timeline.list(b.id)]);
    expect(r.log.eventsOf([a.id, b.id, c.id], ["note", "message_recorded"]).map((e) => e.text)).toEqual([
      "a note",
      "the graph",
      "b note",
    ]);
    expect(r.log.eventsOf([a.id], [])).toEqual([]);
    expect(r.log.eventsOf([])).toEqual([]);
  });
});
