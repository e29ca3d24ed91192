import { describe, expect, it } from "vitest";
import type { ConsoleIncidentFilter } from "../../src/ports/console-store.js";
import { RECORDS } from "./records.js";
import { declare, recordsPerTest } from "./seed.js";

describe.each(RECORDS)("the console's store on %s", (_kind, open) => {
  const t = recordsPerTest(open);
  const now = t.start;
  const later = (ms: number) => new Date(now.getTime() + ms);

  it("lets a sign-in link in once, on any replica, and never after it expired", async () => {
    const opened = await t.open();
    const other = await t.replica(opened);
    const store = opened.record.stores.consoleStore;
    store.addLoginToken("hash-1", "U1", now, later(600_000));
    store.addLoginToken("hash-2", "U2", now, later(600_000));
    // Two clicks on the same link, one per replica: one signs in.
    const answers = [
      store.redeemLoginToken("hash-1", now),
      other.stores.consoleStore.redeemLoginToken("hash-1", now),
    ];
    expect(answers).toEqual(["U1", null]);
    expect(store.redeemLoginToken("unknown", now)).toBeNull();
    expect(store.redeemLoginToken("hash-2", later(600_000))).toBeNull();
    expect(other.stores.consoleStore.redeemLoginToken("hash-2", later(599_999))).toBe("U2");
  });

  it("keeps a session until it expires or is signed out, on every replica", async () => {
    const opened = await t.open();
    const other = await t.replica(opened);
    const store = opened.record.stores.consoleStore;
    const session = { userId: "U1", role: "responder" as const, csrf: "c1", expiresAt: later(3_600_000) };
    store.addSession("sid-1", session, now);
    store.addSession("sid-2", { ...session, userId: "U2", role: "viewer" }, now);
    expect(other.stores.consoleStore.session("sid-1", now)).toEqual(session);
    expect(store.session("sid-1", later(3_600_000))).toBeNull();
    other.stores.consoleStore.deleteSession("sid-1");
    expect(store.session("sid-1", now)).toBeNull();
    expect(store.session("sid-2", now)).toMatchObject({ userId: "U2", role: "viewer" });
    // A sign-in an hour later clears what expired meanwhile; the live session stays.
    const hourLater = later(3_600_001);
    store.addSession("sid-3", { ...session, expiresAt: later(3_601_000) }, hourLater);
    expect(store.session("sid-3", hourLater)).toMatchObject({ userId: "U1" });
  });

  it("lists incidents open first then newest, with every filter, a literal and case-insensitive search, and the total", async () => {
    const opened = await t.open();
    const { record } = opened;
    const store = record.stores.consoleStore;
    const make = (title: string, extra: Parameters<typeof declare>[2] = {}) =>
      declare(record, now, { title, ...extra }).id;
    const api = make("API 100% down", { severity: "sev1", service: "api" });
    const db = make("db_primary failover", { service: "db" });
    const sec = make("Leaked token", { security: true, service: "auth" });
    const sec2 = make("Phishing wave", { security: true });
    const drill = make("Game day: api down", { drill: true, service: "api" });
    const old = make("API slow", { service: "api" });
    record.stores.incidents.update(api, { status: "resolved", resolvedAt: now }, null);
    record.stores.incidents.update(sec, { channelId: "CSEC" }, null);

    const list = (f: Partial<ConsoleIncidentFilter>) => {
      const { incidents, total } = store.listIncidents({
        includeDrills: false,
        visibleSecurity: "all",
        limit: 50,
        offset: 0,
        ...f,
      });
      return { ids: incidents.map((i) => i.id), total };
    };
    expect(list({})).toEqual({ ids: [old, sec2, sec, db, api], total: 5 });
    expect(list({ includeDrills: true }).ids).toEqual([old, drill, sec2, sec, db, api]);
    expect(list({ limit: 2, offset: 1 })).toEqual({ ids: [sec2, sec], total: 5 });
    expect(list({ severity: "sev1" }).ids).toEqual([api]);
    expect(list({ status: "resolved" }).ids).toEqual([api]);
    expect(list({ service: "api", includeDrills: true }).ids).toEqual([old, drill, api]);
    // The words as written: any case, and % or _ are letters, not wildcards.
    expect(list({ search: "api" }).ids).toEqual([old, api]);
    expect(list({ search: "100%" }).ids).toEqual([api]);
    expect(list({ search: "0% D" }).ids).toEqual([api]);
    expect(list({ search: "db_p" }).ids).toEqual([db]);
    expect(list({ search: "b_" }).ids).toEqual([db]);
    expect(list({ search: "%" }).ids).toEqual([api]);
    expect(list({ search: "\\" }).ids).toEqual([]);
    // Security incidents: all, none, or only those the reader may see.
    expect(list({ security: true }).ids).toEqual([sec2, sec]);
    expect(list({ security: false }).ids).toEqual([old, db, api]);
    expect(list({ visibleSecurity: [sec] })).toEqual({ ids: [old, sec, db, api], total: 4 });
    expect(list({ visibleSecurity: [] }).ids).toEqual([old, db, api]);
    expect(list({ security: true, visibleSecurity: [sec2] }).ids).toEqual([sec2]);
    expect(list({ security: true, visibleSecurity: [] }).ids).toEqual([]);

    const first = store.listIncidents({ includeDrills: false, visibleSecurity: "all", limit: 50, offset: 0 });
    expect(first.incidents.at(-1)).toEqual(record.stores.incidents.get(api));
    expect(store.services()).toEqual(["api", "auth", "db"]);
    expect(store.securityChannels()).toEqual([
      { id: sec, channelId: "CSEC" },
      { id: sec2, channelId: null },
    ]);
  });

  it("reads the IMOC log after an event (live updates) and page by page (oldest first)", async () => {
    const opened = await t.open();
    const { record } = opened;
    const store = record.stores.consoleStore;
    expect(store.lastEventId()).toBe(0);
    expect(store.logPage(1, 10)).toEqual({ events: [], total: 0, lastId: 0 });
    const a = declare(record, now).id;
    const b = declare(record, now).id;
    const note = (incidentId: number, text: string) =>
      record.stores.timeline.append({
        incidentId,
        kind: "note",
        occurredAt: now,
        actor: "slack:U1",
        text,
        data: { n: text },
        source: { channelId: "C1", messageTs: "1.2", permalink: null },
      });
    const notes = ["a1", "b1", "a2", "a3"].map((t) => note(t.startsWith("a") ? a : b, t));
    const ids = notes.map((e) => e.id);
    expect(store.lastEventId()).toBe(ids[3]);

    const after = store.eventsAfter(ids[0] as number, 10);
    expect(after.map((e) => e.text)).toEqual(["b1", "a2", "a3"]);
    expect(after[0]).toEqual({
      id: ids[1],
      incidentId: b,
      seq: 2,
      occurredAt: now,
      recordedAt: now,
      kind: "note",
      actor: "slack:U1",
      text: "b1",
      data: { n: "b1" },
      source: { channelId: "C1", messageTs: "1.2", permalink: null },
    });
    expect(store.eventsAfter(0, 2).map((e) => e.text)).toEqual(["Declared", "Declared"]);
    expect(store.eventsAfter(ids[0] as number, 10, a).map((e) => e.text)).toEqual(["a2", "a3"]);
    expect(store.eventsAfter(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);

    const page = store.logPage(a, 2);
    expect({ ...page, events: page.events.map((e) => e.text) }).toEqual({
      events: ["a2", "a3"],
      total: 4,
      lastId: ids[3],
    });
    expect(store.logPage(a, 2, ids[2]).events.map((e) => e.text)).toEqual(["Declared", "a1"]);
    expect(store.logPage(a, 2, Number.MAX_SAFE_INTEGER).events.map((e) => e.text)).toEqual(["a2", "a3"]);
  });
});
