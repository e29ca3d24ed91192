import { describe, expect, it } from "vitest";
import { handClock, useRecord } from "./fixtures.js";
import { RECORDS } from "./records.js";

const HOUR = 60 * 60 * 1000;

describe.each(RECORDS)("inbound request keys on %s", (_kind, open) => {
  const record = useRecord(open);

  it("takes a key once across replicas, and forgets it after a day", async () => {
    const clock = handClock();
    const r = await record(clock);
    const other = await r.replica();
    expect(r.inbound.firstSeen("command:T1")).toBe(true);
    // Slack's retry reaches the other replica: a repeat.
    expect(other.inbound.firstSeen("command:T1")).toBe(false);
    expect(r.inbound.firstSeen("command:T1")).toBe(false);
    expect(other.inbound.firstSeen("event:Ev1")).toBe(true);
    expect(r.inbound.firstSeen("event:ev1")).toBe(true);

    clock.advance(25 * HOUR);
    expect(r.inbound.firstSeen("event:Ev2")).toBe(true);
    expect(r.inbound.firstSeen("command:T1")).toBe(true);
    expect(other.inbound.firstSeen("event:Ev1")).toBe(true);
  });
});
