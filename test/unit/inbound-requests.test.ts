import { afterEach, describe, expect, it } from "vitest";
import { openSqliteRecord } from "../../src/adapters/db/sqlite-record.js";
import { createTmpDb } from "../support/tmp-db.js";

const HOUR = 60 * 60 * 1000;
const db = createTmpDb("inbound");
afterEach(() => db.remove());

describe("inbound request keys in SQLite", () => {
  it("takes a key once, survives a reopen, and forgets it after a day", () => {
    let now = Date.parse("2026-11-27T10:00:00Z");
    const clock = { now: () => new Date(now) };
    let record = openSqliteRecord(db.path, clock);
    expect(record.stores.inbound.firstSeen("command:T1")).toBe(true);
    expect(record.stores.inbound.firstSeen("command:T1")).toBe(false);
    expect(record.stores.inbound.firstSeen("event:Ev1")).toBe(true);
    record.close();

    // A restart does not forget: Slack's retry after a crash is still a repeat.
    record = openSqliteRecord(db.path, clock);
    expect(record.stores.inbound.firstSeen("command:T1")).toBe(false);

    now += 25 * HOUR;
    expect(record.stores.inbound.firstSeen("event:Ev2")).toBe(true);
    expect(record.stores.inbound.firstSeen("command:T1")).toBe(true);
    record.close();
  });
});
