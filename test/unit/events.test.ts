import { describe, expect, it } from "vitest";
import { createEventBus } from "../../src/app/events.js";
import { BOT_ACTOR, type TimelineEvent } from "../../src/domain/timeline/timeline-event.js";
import type { Timeline } from "../../src/ports/incident-store.js";
import type { Logger } from "../../src/ports/logger.js";
import { anIncident } from "./support/incident.js";

/** The bus that carries "declared" to the escalation: one broken reaction must not stop a page. */
describe("incident event bus", () => {
  const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
  const at = new Date("2026-07-14T10:00:00Z");

  function bus() {
    const events: TimelineEvent[] = [];
    const timeline: Timeline = {
      append: (e) => {
        const event = {
          ...e,
          id: events.length + 1,
          seq: events.length + 1,
          recordedAt: at,
          data: e.data ?? {},
        };
        events.push(event);
        return event;
      },
      list: () => events,
    };
    return { events, bus: createEventBus({ timeline, clock: { now: () => at }, logger: silent }) };
  }

  it("runs every reaction in order; a failing one is a timeline warning and the next still runs", async () => {
    const { events, bus: b } = bus();
    const ran: string[] = [];
    b.on("declared", "playbook linker", () => {
      ran.push("playbook linker");
      throw new Error("bookmarks.add failed: channel_not_found");
    });
    b.on("declared", "escalation", async () => {
      ran.push("escalation");
    });
    b.on("statusChanged", "drill report", () => void ran.push("drill report"));
    await b.emit("declared", { incident: anIncident() });
    expect(ran).toEqual(["playbook linker", "escalation"]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      incidentId: 42,
      kind: "warning",
      actor: BOT_ACTOR,
      text: "playbook linker could not handle the declaration: bookmarks.add failed: channel_not_found",
    });
  });

  it("names the status a failed reaction was about", async () => {
    const { events, bus: b } = bus();
    b.on("statusChanged", "escalation", () => Promise.reject(new Error("Redis is down")));
    await b.emit("statusChanged", { incident: anIncident({ status: "resolved" }), from: "mitigated" });
    expect(events[0]?.text).toBe("escalation could not handle the change to resolved: Redis is down");
  });
});
