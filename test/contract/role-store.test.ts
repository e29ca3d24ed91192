import { describe, expect, it } from "vitest";
import { declared, newIncident, useRecord } from "./fixtures.js";
import { RECORDS } from "./records.js";

describe.each(RECORDS)("role store and drill records on %s", (_kind, open) => {
  const record = useRecord(open);

  it("one holder per role, replaced on reassignment, each assignment logged", async () => {
    const r = await record();
    const incident = r.incidents.create(newIncident(), declared);
    const other = r.incidents.create(newIncident(), declared);
    const at = (s: number) => new Date(Date.parse("2026-11-27T10:00:00.000Z") + s * 1000 + 7);
    const assign = (role: "comms" | "scribe", userId: string, s: number, id = incident.id) =>
      r.roles.assign(
        { incidentId: id, role, userId, assignedAt: at(s) },
        {
          kind: "role_assigned",
          occurredAt: at(s),
          actor: "slack:U1",
          text: `${role}: ${userId}`,
          data: { role },
        },
      );
    assign("scribe", "U3", 1);
    assign("comms", "U2", 2);
    assign("comms", "U4", 3);
    assign("comms", "U9", 4, other.id);
    expect(r.roles.list(incident.id)).toEqual([
      { incidentId: incident.id, role: "comms", userId: "U4", assignedAt: at(3) },
      { incidentId: incident.id, role: "scribe", userId: "U3", assignedAt: at(1) },
    ]);
    expect(r.roles.list(other.id)).toEqual([
      { incidentId: other.id, role: "comms", userId: "U9", assignedAt: at(4) },
    ]);
    expect(
      r.timeline
        .list(incident.id)
        .filter((e) => e.kind === "role_assigned")
        .map((e) => e.text),
    ).toEqual(["scribe: U3", "comms: U2", "comms: U4"]);
    expect(r.roles.list(incident.id + 10)).toEqual([]);
  });

  it("an assignment whose event cannot be written is not kept", async () => {
    const r = await record();
    expect(() =>
      r.roles.assign(
        { incidentId: 999, role: "comms", userId: "U2", assignedAt: new Date() },
        { kind: "role_assigned", occurredAt: new Date(), actor: "bot", text: "x" },
      ),
    ).toThrow();
    expect(r.roles.list(999)).toEqual([]);
  });

  it("a playbook's last drill is its latest record, to the millisecond", async () => {
    const r = await record();
    const incident = r.incidents.create(newIncident({ drill: true }), declared);
    expect(r.drills.lastDrilled("db-failover")).toBeNull();
    r.drills.record([]);
    r.drills.record([
      {
        incidentId: incident.id,
        playbookId: "db-failover",
        drilledAt: new Date("2026-10-01T08:00:00.001Z"),
        msToAcknowledge: 61_000,
        msToMitigate: null,
      },
      {
        incidentId: incident.id,
        playbookId: "db-failover",
        drilledAt: new Date("2026-11-01T08:00:00.002Z"),
        msToAcknowledge: null,
        msToMitigate: 5_000_000_000,
      },
      {
        incidentId: incident.id,
        playbookId: "cdn",
        drilledAt: new Date("2026-11-20T08:00:00.003Z"),
        msToAcknowledge: 1,
        msToMitigate: 2,
      },
      {
        incidentId: incident.id,
        playbookId: null,
        drilledAt: new Date("2026-11-25T08:00:00.004Z"),
        msToAcknowledge: 1,
        msToMitigate: 2,
      },
    ]);
    expect(r.drills.lastDrilled("db-failover")).toEqual(new Date("2026-11-01T08:00:00.002Z"));
    expect(r.drills.lastDrilled("cdn")).toEqual(new Date("2026-11-20T08:00:00.003Z"));
    expect(r.drills.lastDrilled("CDN")).toBeNull();
  });
});
