import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createLiveFeed } from "../../src/adapters/console/live-feed.js";
import type { Record } from "../../src/adapters/db/record.js";
import { createLogger } from "../../src/adapters/logging.js";
import { openPgRecord } from "../../src/adapters/pg/pg-record.js";
import { systemClock } from "../../src/ports/clock.js";
import { createPgDatabase } from "../support/postgres.js";

/**
 * Two replicas append to the IMOC log at once: on PostgreSQL the one that took id n may commit
 * after the one that took n+1. The console's poller (on a third connection, the record's) must
 * still hand out both.
 */
describe("the console's live feed on PostgreSQL, with commits out of id order", () => {
  let url: string;
  let record: Record;
  const clients: pg.Client[] = [];
  let incidentId: number;

  beforeAll(async () => {
    url = await createPgDatabase(inject("pgAdminUrl"), "live");
    record = await openPgRecord(url, systemClock);
    for (let n = 0; n < 2; n++) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      clients.push(client);
    }
    const created = await clients[0]!.query<{ id: number }>(
      `insert into incidents (title, severity, declared_by, declared_at) values ('Checkout down', 'sev1', 'U1', now()) returning id`,
    );
    incidentId = created.rows[0]!.id;
  });
  afterAll(async () => {
    for (const client of clients) await client.end();
    record?.close();
  });

  /**
   * Opens a transaction on `client` that inserts one event; returns its id (not committed yet).
   * Each gets its own seq, so neither waits on the other's unique key.
   */
  let seq = 0;
  async function append(client: pg.Client, text: string): Promise<number> {
    await client.query("begin");
    const row = await client.query<{ id: number }>(
      `insert into timeline_events (incident_id, seq, occurred_at, recorded_at, kind, actor, text)
       values ($1, $2, now(), now(), 'note', 'slack:U1', $3) returning id`,
      [incidentId, ++seq, text],
    );
    return row.rows[0]!.id;
  }

  it("hands out the event that committed second, and the one that committed late, each once", async () => {
    const [slow, fast] = clients as [pg.Client, pg.Client];
    const feed = createLiveFeed({
      store: record.stores.consoleStore,
      logger: createLogger("silent"),
      intervalMs: 20,
      settleMs: 1000,
    });
    const got: string[] = [];
    feed.subscribe((events) => got.push(...events.map((e) => `${e.id} ${e.text}`)));
    try {
      const first = await append(slow, "took its id first");
      const second = await append(fast, "committed first");
      expect(second).toBeGreaterThan(first);
      await fast.query("commit");
      await vi.waitFor(() => expect(got).toEqual([`${second} committed first`]));
      await slow.query("commit");
      await vi.waitFor(() =>
        expect(got).toEqual([`${second} committed first`, `${first} took its id first`]),
      );
      // Settled: neither comes again.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(got).toHaveLength(2);
    } finally {
      feed.stop();
    }
  });
});
