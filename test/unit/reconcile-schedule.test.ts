import { afterEach, describe, expect, it } from "vitest";
import { reconcileSchedule } from "../../src/app/escalation/reconcile-schedule.js";
import { changeStatus } from "../../src/app/incident/change-status.js";
import { declareIncident } from "../../src/app/incident/declare-incident.js";
import { escalationWorld } from "./support/escalation-world.js";

/** The handbook's matrix (steps 0, 5, 10, 15, 30 min; SEV-1 updates every 15 min) on a manual clock. */
let world: ReturnType<typeof escalationWorld>;
afterEach(() => world?.close());

async function declareSev1() {
  const { incident } = await declareIncident(world.deps, {
    title: "Checkout API returns 500s",
    severity: "sev1",
    security: false,
    declaredBy: "U_DECLARER",
  });
  return incident;
}
const triggers = () =>
  world.pages.filter((p) => p.action === "trigger").map((p) => `${p.target}@${p.minute}`);
const start = new Date("2026-07-14T10:00:00Z").getTime();
const updateMinutes = (incidentId: number) =>
  world.deps.timeline
    .list(incidentId)
    .filter((e) => e.kind === "status_update")
    .map((e) => (e.occurredAt.getTime() - start) / 60_000);

/** A SEV-1 20 minutes in (4 steps paged, one update posted) when Redis restarts empty. */
async function lostAtMinute20() {
  world = escalationWorld(new Date(start));
  const incident = await declareSev1();
  await world.advance(20);
  world.loseSchedule();
  return incident;
}

describe("reconcileSchedule: Redis lost the schedule, SQLite has the record", () => {
  it("restores the pending step and the update clock without restarting it; a second run adds nothing", async () => {
    const incident = await lostAtMinute20();
    await world.advance(5);
    expect(await reconcileSchedule(world.deps)).toEqual({ steps: 1, statusUpdates: 1, resolves: 0 });
    expect(await reconcileSchedule(world.deps)).toEqual({ steps: 0, statusUpdates: 0, resolves: 0 });
    await world.advance(20);
    // The clock carries on from the last update (15), not from the reconcile (25).
    expect(updateMinutes(incident.id)).toEqual([15, 30, 45]);
    const targets = triggers().map((t) => t.split("@")[0]);
    expect(new Set(targets).size).toBe(5);
    expect(triggers()).toHaveLength(5);
    expect(triggers().at(-1)).toBe("cto@30");
  });

  it("what fell due while the schedule was lost runs at once, and the cadence resumes from there", async () => {
    const incident = await lostAtMinute20();
    await world.advance(20);
    await reconcileSchedule(world.deps);
    await world.advance(15);
    expect(triggers().at(-1)).toBe("cto@40");
    expect(updateMinutes(incident.id)).toEqual([15, 40, 55]);
  });

  it("a resolved incident whose PagerDuty pages are still open gets its resolve job back", async () => {
    world = escalationWorld(new Date(start));
    const incident = await declareSev1();
    await world.advance(6);
    await changeStatus(world.deps, {
      incidentId: incident.id,
      to: "resolved",
      actor: "slack:U_IC",
      actorUserId: "U_IC",
    });
    world.loseSchedule();
    expect(await reconcileSchedule(world.deps)).toEqual({ steps: 0, statusUpdates: 0, resolves: 1 });
    await world.advance(1);
    expect(
      world.pages
        .filter((p) => p.action === "resolve")
        .map((p) => p.target)
        .sort(),
    ).toEqual(["primary", "secondary"]);
    expect(await reconcileSchedule(world.deps)).toEqual({ steps: 0, statusUpdates: 0, resolves: 0 });
  });
});
