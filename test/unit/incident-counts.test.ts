import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/db/client.js";
import { createSqliteStores } from "../../src/adapters/db/sqlite-incident-store.js";
import type { Incident } from "../../src/domain/incident/incident.js";
import type { IncidentStore } from "../../src/ports/incident-store.js";
import { createTmpDb, type TmpDb } from "../support/tmp-db.js";

let tmp: TmpDb;
let close: () => void;
let incidents: IncidentStore;
beforeEach(() => {
  tmp = createTmpDb();
  const database = openDatabase(tmp.path);
  close = database.close;
  incidents = createSqliteStores(database.db, { now: () => new Date() }).incidents;
});
afterEach(() => {
  close();
  tmp.remove();
});

function declare(severity: Incident["severity"], status: Incident["status"], drill = false): void {
  const { id } = incidents.create(
    {
      title: "t",
      description: null,
      severity,
      security: false,
      drill,
      declaredBy: "U1",
      declaredAt: new Date(),
    },
    () => ({ kind: "declared", occurredAt: new Date(), actor: "slack:U1", text: "Declared" }),
  );
  if (status !== "declared") incidents.update(id, { status }, null);
}

describe("counting incidents for /metrics", () => {
  it("groups by severity and status in SQL and leaves drills out", () => {
    declare("sev1", "declared");
    declare("sev1", "declared");
    declare("sev1", "resolved");
    declare("sev3", "mitigated");
    declare("sev1", "declared", true);
    const counts = incidents.countBySeverityAndStatus();
    expect(counts).toHaveLength(3);
    expect(counts).toEqual(
      expect.arrayContaining([
        { severity: "sev1", status: "declared", count: 2 },
        { severity: "sev1", status: "resolved", count: 1 },
        { severity: "sev3", status: "mitigated", count: 1 },
      ]),
    );
  });
});
