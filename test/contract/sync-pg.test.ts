import { expect, inject, it } from "vitest";
import { migratePg } from "../../src/adapters/pg/migrate-pg.js";
import { openSyncPg } from "../../src/adapters/pg/sync-pg.js";
import { createPgDatabase } from "../support/postgres.js";
it("runs statements synchronously, keeps millisecond times, rolls back a failed transaction and names a bad column", async () => {
  const url = await createPgDatabase(inject("pgAdminUrl"));
  await Promise.all([migratePg(url), migratePg(url)]);
  const db = openSyncPg(url);
  db.transaction(() => {
    db.run("insert into incidents (title, severity, declared_by, declared_at) values ($1,$2,$3,$4)", [
      "t",
      "sev1",
      "U1",
      new Date(1700000000123),
    ]);
  });
  const row = db.one<{ declared_at: Date; n: number }>(
    "select declared_at, (select count(*) from incidents) as n from incidents",
  );
  expect(row?.declared_at.getTime()).toBe(1700000000123);
  expect(row?.n).toBe(1);
  expect(() =>
    db.transaction(() => {
      db.run(
        "insert into incidents (title, severity, declared_by, declared_at) values ('x','sev1','U',now())",
      );
      throw new Error("boom");
    }),
  ).toThrow("boom");
  expect(db.one<{ n: number }>("select count(*) as n from incidents")?.n).toBe(1);
  expect(() => db.query("select nope")).toThrow(/column "nope"/);
  db.close();
});
