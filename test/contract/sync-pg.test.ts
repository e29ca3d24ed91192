import { afterAll, describe, expect, inject, it } from "vitest";
import { migratePg } from "../../src/adapters/pg/migrate-pg.js";
import { openSyncPg } from "../../src/adapters/pg/sync-pg.js";
import { createPgDatabase, startPostgres, type TestPostgres } from "../support/postgres.js";

const insert =
  "insert into incidents (title, severity, declared_by, declared_at) values ($1, 'sev1', 'U1', $2)";
const count = (db: ReturnType<typeof openSyncPg>) =>
  db.one<{ n: number }>("select count(*) as n from incidents")?.n;

describe("the synchronous PostgreSQL connection behind the store ports", () => {
  it("keeps times to the millisecond, commits a transaction whole and rolls a failed one back whole", async () => {
    const url = await createPgDatabase(inject("pgAdminUrl"));
    // Two replicas starting together: one migrates, the other waits for the lock and finds nothing to do.
    await Promise.all([migratePg(url), migratePg(url)]);
    const db = openSyncPg(url);
    db.transaction(() => {
      db.run(insert, ["first", new Date(1700000000123)]);
      // Nested: a savepoint, rolled back alone.
      expect(() =>
        db.transaction(() => {
          db.run(insert, ["inner", new Date()]);
          throw new Error("inner failed");
        }),
      ).toThrow("inner failed");
    });
    const row = db.one<{ declared_at: Date; title: string }>("select declared_at, title from incidents");
    expect(row?.declared_at.getTime()).toBe(1700000000123);
    expect(row?.title).toBe("first");
    expect(count(db)).toBe(1);
    expect(() =>
      db.transaction(() => {
        db.run(insert, ["lost", new Date()]);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(count(db)).toBe(1);
    expect(() => db.query("select nope from incidents")).toThrow(/column "nope" does not exist/);
    expect(db.inTransaction()).toBe(false);
    db.close();
  });

  let own: TestPostgres | null = null;
  afterAll(async () => {
    await own?.stop();
  });

  it("fails a statement clearly while PostgreSQL is down, and reconnects by itself once it is back", async () => {
    own = await startPostgres({ durable: true }); // a crash keeps what was committed
    const server = own;
    const url = await createPgDatabase(own.url);
    await migratePg(url);
    const db = openSyncPg(url, { timeoutMs: 3_000 });
    db.run(insert, ["before", new Date()]);
    own.crash();
    const started = Date.now();
    expect(() => db.run(insert, ["during", new Date()])).toThrow();
    expect(Date.now() - started).toBeLessThan(6_000);
    own.start();
    db.run(insert, ["after", new Date()]);

    // Lost in the middle of a transaction: the rest of it must not run on a new connection
    // (each statement would commit on its own), even when the code carries on after an error.
    expect(() =>
      db.transaction(() => {
        db.run(insert, ["half", new Date()]);
        server.crash();
        server.start();
        try {
          db.run(insert, ["lost", new Date()]);
        } catch {
          // a caller that shrugs an error off
        }
        db.run(insert, ["rest", new Date()]);
      }),
    ).toThrow(/lost inside this transaction/);
    expect(db.inTransaction()).toBe(false);
    expect(
      db.query<{ title: string }>("select title from incidents order by id").map((r) => r.title),
    ).toEqual(["before", "after"]);
    db.close();
  });

  it("gives up on a statement a hung server never answers, after its timeout, and carries on once it answers again", async () => {
    const server = own as TestPostgres;
    const url = await createPgDatabase(server.url);
    await migratePg(url);
    const db = openSyncPg(url, { timeoutMs: 2_000 });
    db.run(insert, ["before", new Date()]);
    server.freeze();
    const started = Date.now();
    try {
      expect(() => db.run(insert, ["during", new Date()])).toThrow(/did not answer within 2000 ms/);
    } finally {
      server.thaw();
    }
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(1_900);
    expect(waited).toBeLessThan(6_000);
    db.run(insert, ["after", new Date()]);
    // The abandoned statement may or may not have committed once the server woke; nothing else is lost.
    const titles = db.query<{ title: string }>("select title from incidents order by id").map((r) => r.title);
    expect(titles[0]).toBe("before");
    expect(titles.at(-1)).toBe("after");
    db.close();
  });
});
