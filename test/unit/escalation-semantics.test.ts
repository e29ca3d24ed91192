import { afterEach, describe, expect, it } from "vitest";
import { changeSeverity } from "../../src/app/incident/change-severity.js";
import { runScheduledStatusUpdate } from "../../src/app/comms/status-updates.js";
import { changeStatus } from "../../src/app/incident/change-status.js";
import { declareIncident } from "../../src/app/incident/declare-incident.js";
import type { Severity } from "../../src/domain/incident/severity.js";
import { escalationWorld } from "./support/escalation-world.js";

/** The handbook's matrix on a manual clock: 30 minutes of escalation in milliseconds, no sleeping. */
let world: ReturnType<typeof escalationWorld>;
afterEach(() => world?.close());

async function declare(severity: Severity, title = "Checkout API returns 500s") {
  const result = await declareIncident(world.deps, {
    title,
    severity,
    security: false,
    declaredBy: "U_DECLARER",
    responseUrl: "https://hooks.slack.test/commands/1",
  });
  // The channel opens from the Slack outbox, right after the declaration.
  await world.advance(0);
  return world.deps.incidents.get(result.incident.id) ?? result.incident;
}
const ack = (incidentId: number) =>
  changeStatus(world.deps, {
    incidentId,
    to: "acknowledged",
    actor: "slack:U_SPRIMARY",
    actorUserId: "U_SPRIMARY",
  });
const triggers = () =>
  world.pages.filter((p) => p.action === "trigger").map((p) => `${p.target}@${p.minute}`);

describe("escalation semantics (handbook matrix, manual clock)", () => {
  it("SEV-1 nobody acknowledges: primary 0, secondary 5, IC 10, director 15, CTO 30, each paged once", async () => {
    world = escalationWorld();
    await declare("sev1");
    await world.advance(60);
    expect(triggers()).toEqual([
      "primary@0",
      "secondary@5",
      "incident_commander@10",
      "engineering_director@15",
      "cto@30",
    ]);
    // Each target also got its Slack DM, once.
    expect(world.dms.map((d) => d.user)).toEqual([
      "U_SPRIMARY",
      "U_SSECONDARY",
      "U_SIC",
      "U_DIRECTOR",
      "U_CTO",
    ]);
    expect(world.pendingJobs()).toEqual([]);
  });

  it("an acknowledgement before 5 minutes skips the secondary; the commander, director and CTO still come", async () => {
    world = escalationWorld();
    const incident = await declare("sev1");
    await world.advance(3);
    expect((await ack(incident.id)).kind).toBe("changed");
    await world.advance(60);
    expect(triggers()).toEqual(["primary@0", "incident_commander@10", "engineering_director@15", "cto@30"]);
    const skipped = world.deps.escalations.steps(incident.id).find((s) => s.target === "secondary");
    expect(skipped?.state).toBe("skipped");
  });

  it("resolving cancels every pending step, stops the updates and resolves each page sent", async () => {
    world = escalationWorld();
    const incident = await declare("sev1");
    await world.advance(12);
    expect(world.statusUpdatesRunning(incident.id)).toBe(true);
    await changeStatus(world.deps, {
      incidentId: incident.id,
      to: "resolved",
      actor: "slack:U_IC",
      actorUserId: "U_IC",
      summary: "rolled back",
    });
    // Only the resolve job is queued: the proof that no step will fire, without waiting for it.
    expect(world.pendingJobs()).toEqual([`inc-${incident.id}-resolve-pages`]);
    expect(world.statusUpdatesRunning(incident.id)).toBe(false);
    const states = world.deps.escalations.steps(incident.id).map((s) => `${s.target}:${s.state}`);
    expect(states).toEqual([
      "primary:paged",
      "secondary:paged",
      "incident_commander:paged",
      "engineering_director:cancelled",
      "cto:cancelled",
    ]);
    await world.advance(0);
    expect(world.pendingJobs()).toEqual([]);
    const resolves = world.pages.filter((p) => p.action === "resolve").map((p) => p.target);
    expect(resolves.sort()).toEqual(["incident_commander", "primary", "secondary"]);
    await world.advance(60);
    expect(triggers()).toHaveLength(3);
  });

  it("SEV-2 raised to SEV-1 at 7 minutes re-plans from the raise and pages nobody twice", async () => {
    world = escalationWorld();
    const incident = await declare("sev2");
    await world.advance(7);
    expect(triggers()).toEqual(["primary@0"]);
    const raised = await changeSeverity(world.deps, {
      incidentId: incident.id,
      severity: "sev1",
      actor: "slack:U_IC",
      actorUserId: "U_IC",
    });
    expect(raised.kind).toBe("changed");
    await world.advance(60);
    // T0 is now minute 7: secondary at 12, IC 17, director 22, CTO 37; SEV-2's product lead never comes.
    expect(triggers()).toEqual([
      "primary@0",
      "secondary@12",
      "incident_commander@17",
      "engineering_director@22",
      "cto@37",
    ]);
    expect(world.posts.some((p) => p.text.includes("Escalation re-planned for SEV-1"))).toBe(true);
  });

  it("a step job delivered twice pages once", async () => {
    world = escalationWorld();
    const incident = await declare("sev1");
    await world.advance(0);
    const first = world.deps.escalations.steps(incident.id)[0];
    expect(first?.state).toBe("paged");
    const again = await world.rerun(first?.jobId ?? "");
    expect(again.kind).toBe("stale");
    expect(triggers()).toEqual(["primary@0"]);
  });

  it("SEV-1 status updates every 15 minutes, in the channel and to the three comms audiences", async () => {
    world = escalationWorld();
    const incident = await declare("sev1");
    await world.advance(46);
    const scheduled = world.deps.timeline.list(incident.id).filter((e) => e.kind === "status_update");
    expect(scheduled.map((e) => (e.occurredAt.getTime() - incident.declaredAt.getTime()) / 60_000)).toEqual([
      15, 30, 45,
    ]);
    // The templated update reaches the channel and the three comms audiences each time.
    for (const channel of [incident.channelId, "CPRODUCT", "CSUPPORT", "CCS"]) {
      expect(
        world.posts.filter(
          (p) => p.channel === channel && p.text.startsWith(`INC-${incident.id} Investigating`),
        ),
      ).toHaveLength(3);
    }
  });

  it("a status-update tick run twice (a retry, or a replica taking over a dead one's job) posts once", async () => {
    world = escalationWorld();
    const incident = await declare("sev1");
    const tick = `repeat:inc-${incident.id}-status-updates:1700000000000`;
    expect(await runScheduledStatusUpdate(world.deps, incident.id, tick)).toBe("posted");
    expect(await runScheduledStatusUpdate(world.deps, incident.id, tick)).toBe("posted-already");
    await world.advance(0);
    const updates = world.deps.timeline.list(incident.id).filter((e) => e.kind === "status_update");
    expect(updates.map((e) => e.data.slot)).toEqual([tick]);
    expect(
      world.posts.filter(
        (p) => p.channel === incident.channelId && p.text.startsWith(`INC-${incident.id} Investigating`),
      ),
    ).toHaveLength(1);
    // The next tick is an update of its own.
    expect(await runScheduledStatusUpdate(world.deps, incident.id, `${tick.slice(0, -1)}1`)).toBe("posted");
  });
});
