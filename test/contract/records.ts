import { inject } from "vitest";
import type { Record } from "../../src/adapters/db/record.js";
import { openSqliteRecord } from "../../src/adapters/db/sqlite-record.js";
import { openPgRecord } from "../../src/adapters/pg/pg-record.js";
import type { Clock } from "../../src/ports/clock.js";
import { createPgDatabase } from "../support/postgres.js";
import { createTmpDb } from "../support/tmp-db.js";

export interface OpenedRecord {
  record: Record;
  /** Opens the same record again (a second process's view, a restart); close it yourself. */
  reopen(clock?: Clock): Promise<Record>;
  close(): void;
}

export type OpenRecord = (clock: Clock) => Promise<OpenedRecord>;

/**
 * The two records every store contract runs against: a fresh SQLite file, and a fresh database on
 * the run's throw-away PostgreSQL cluster (test/support/global-postgres.ts). Use with
 * `describe.each(RECORDS)("%s", (_kind, open) => ...)`.
 */
export const RECORDS: Array<[Record["kind"], OpenRecord]> = [
  [
    "sqlite",
    async (clock) => {
      const tmp = createTmpDb("contract");
      const record = openSqliteRecord(tmp.path, clock);
      return {
        record,
        reopen: async (other = clock) => openSqliteRecord(tmp.path, other),
        close: () => {
          record.close();
          tmp.remove();
        },
      };
    },
  ],
  [
    "postgres",
    async (clock) => {
      const url = await createPgDatabase(inject("pgAdminUrl"), "contract");
      const record = await openPgRecord(url, clock);
      return { record, reopen: (other = clock) => openPgRecord(url, other), close: () => record.close() };
    },
  ],
];
