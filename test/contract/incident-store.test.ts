import { describe, expect, it } from "vitest";
import type { Incident } from "../../src/domain/incident/incident.js";
import type { IncidentChange } from "../../src/ports/incident-store.js";
import { declared, newIncident, useRecord } from "./fixtures.js";
import { RECORDS } from "./records.js";

const resolve =
  (who: string, at: Date) =>
  (current: Incident): IncidentChange | null =>
    current.status === "resolved"
      ? null
      : {
          patch: { status: "resolved", resolvedAt: at, resolutionSummary: `fixed by ${who}` },
          event: { kind: "resolved", occurredAt: at, actor: `slack:${who}`, text: "Resolved" },
        };

describe.each(RECORDS)("incident store on %s", (_kind, open) => {
  const record = useRecord(open);

  it("numbers incidents in order, keeps every field (dates to the millisecond) and logs the declaration", async () => {
    const r = await record();
    const first = r.incidents.create(newIncident(), declared);
    const second = r.incidents.create(
      newIncident({ title: "Login slow", severity: "sev3", security: true, drill: true, service: "auth" }),
      declared,
    );
    expect(second.id).toBe(first.id + 1);
    expect(first).toEqual({
      id: first.id,
      title: "Checkout is down",
      description: "5xx on /pay",
      severity: "sev1",
      security: false,
      drill: false,
      service: null,
      status: "declared",
      channelId: null,
      channelName: null,
      declaredBy: "U1",
      commander: null,
      declaredAt: new Date("2026-11-27T09:59:58.007Z"),
      acknowledgedAt: null,
      mitigatedAt: null,
      resolvedAt: null,
      resolutionSummary: null,
    });
    expect(r.incidents.get(second.id)).toEqual(second);
    expect(second).toMatchObject({ security: true, drill: true, service: "auth", severity: "sev3" });
    expect(r.incidents.get(second.id + 1)).toBeNull();
    const [event] = r.timeline.list(first.id);
    expect(event).toMatchObject({ seq: 1, kind: "declared", data: { severity: "sev1" }, actor: "slack:U1" });
    expect(event?.recordedAt).toEqual(r.clock.now());
  });

  it("applies a change and its event together, finds by channel, and refuses an unknown incident", async () => {
    const r = await record();
    const incident = r.incidents.create(newIncident(), declared);
    const at = new Date("2026-11-27T10:01:02.345Z");
    const updated = r.incidents.update(
      incident.id,
      {
        status: "acknowledged",
        acknowledgedAt: at,
        channelId: "C42",
        channelName: "inc-42",
        commander: "U2",
      },
      { kind: "acknowledged", occurredAt: at, actor: "slack:U2", text: "Acknowledged" },
    );
    expect(updated).toMatchObject({ status: "acknowledged", acknowledgedAt: at, commander: "U2" });
    expect(r.incidents.findByChannel("C42")).toEqual(updated);
    expect(r.incidents.findByChannel("c42")).toBeNull();
    expect(r.timeline.list(incident.id).map((e) => [e.seq, e.kind])).toEqual([
      [1, "declared"],
      [2, "acknowledged"],
    ]);
    // No event: the change alone.
    r.incidents.update(incident.id, { title: "Checkout down in EU" }, null);
    expect(r.incidents.get(incident.id)?.title).toBe("Checkout down in EU");
    expect(r.timeline.list(incident.id)).toHaveLength(2);
    expect(() => r.incidents.update(incident.id + 99, { title: "x" }, null)).toThrow(
      `incident ${incident.id + 99} does not exist`,
    );
  });

  it("updateWith decides on the current incident: a second resolve (another replica) records nothing", async () => {
    const r = await record();
    const other = await r.replica();
    const incident = r.incidents.create(newIncident(), declared);
    const at = new Date("2026-11-27T10:30:00.999Z");
    expect(r.incidents.updateWith(incident.id, resolve("U1", at))).toMatchObject({
      status: "resolved",
      resolvedAt: at,
      resolutionSummary: "fixed by U1",
    });
    expect(other.incidents.updateWith(incident.id, resolve("U2", at))).toBeNull();
    expect(other.incidents.updateWith(incident.id + 5, resolve("U2", at))).toBeNull();
    const kinds = other.timeline.list(incident.id).map((e) => e.kind);
    expect(kinds.filter((k) => k === "resolved")).toHaveLength(1);
    expect(other.incidents.get(incident.id)?.resolutionSummary).toBe("fixed by U1");
  });

  it("a failing decision leaves nothing behind", async () => {
    const r = await record();
    const incident = r.incidents.create(newIncident(), declared);
    expect(() =>
      r.incidents.updateWith(incident.id, () => {
        throw new Error("no");
      }),
    ).toThrow("no");
    expect(() =>
      r.transaction(() => {
        r.incidents.update(incident.id, { title: "half" }, null);
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(r.incidents.get(incident.id)?.title).toBe("Checkout is down");
    expect(r.timeline.list(incident.id)).toHaveLength(1);
  });

  it("lists by status in id order and counts open incidents (drills apart) and by severity (drills left out)", async () => {
    const r = await record();
    const a = r.incidents.create(newIncident({ severity: "sev1" }), declared);
    const b = r.incidents.create(newIncident({ severity: "sev2" }), declared);
    const c = r.incidents.create(newIncident({ severity: "sev2" }), declared);
    const d = r.incidents.create(newIncident({ severity: "sev2", drill: true }), declared);
    r.incidents.update(b.id, { status: "resolved", resolvedAt: new Date() }, null);
    expect(r.incidents.list().map((i) => i.id)).toEqual([a.id, b.id, c.id, d.id]);
    expect(r.incidents.list({ status: "declared" }).map((i) => i.id)).toEqual([a.id, c.id, d.id]);
    expect(r.incidents.list({ status: "mitigated" })).toEqual([]);
    const sorted = <T>(rows: T[]) =>
      [...rows].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    expect(sorted(r.incidents.countOpen())).toEqual(
      sorted([
        { severity: "sev1", drill: false, count: 1 },
        { severity: "sev2", drill: false, count: 1 },
        { severity: "sev2", drill: true, count: 1 },
      ]),
    );
    expect(sorted(r.incidents.countBySeverityAndStatus())).toEqual(
      sorted([
        { severity: "sev1", status: "declared", count: 1 },
        { severity: "sev2", status: "declared", count: 1 },
        { severity: "sev2", status: "resolved", count: 1 },
      ]),
    );
  });
});
