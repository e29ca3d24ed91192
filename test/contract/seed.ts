import { afterEach, beforeEach } from "vitest";
import type { Record } from "../../src/adapters/db/record.js";
import type { Incident } from "../../src/domain/incident/incident.js";
import type { Clock } from "../../src/ports/clock.js";
import type { OpenedRecord, OpenRecord } from "./records.js";

/** Declares an incident through the record's own store (with its first timeline event). */
export function declare(
  record: Record,
  at: Date,
  extra: Partial<Pick<Incident, "title" | "security" | "drill" | "service" | "severity">> = {},
): Incident {
  return record.stores.incidents.create(
    {
      title: extra.title ?? "Checkout is down",
      description: null,
      severity: extra.severity ?? "sev2",
      security: extra.security ?? false,
      drill: extra.drill ?? false,
      service: extra.service ?? null,
      declaredBy: "U1",
      declaredAt: at,
    },
    () => ({ kind: "declared", occurredAt: at, actor: "slack:U1", text: "Declared" }),
  );
}

/**
 * Rows of a plain SELECT that reads the same on both records, for what no port reads back (what a
 * finished Slack job keeps on disk). Column names as written in the query.
 */
export function rows(record: Record, sql: string): Array<{ [column: string]: unknown }> {
  const r = record as Record & {
    sqlite?: { prepare(sql: string): { all(): unknown[] } };
    pg?: { query(sql: string): unknown[] };
  };
  if (r.sqlite) return r.sqlite.prepare(sql).all() as Array<{ [column: string]: unknown }>;
  if (r.pg) return r.pg.query(sql) as Array<{ [column: string]: unknown }>;
  throw new Error(`rows(): no raw connection on the ${record.kind} record`);
}

/** Each test's records, closed after it, and the clock they share (set back to `start` before each test). */
export function recordsPerTest(open: OpenRecord, start = new Date("2026-11-27T10:00:00Z")) {
  let now = start;
  const clock = { now: () => now };
  const toClose: Array<() => void> = [];
  beforeEach(() => {
    now = start;
  });
  afterEach(() => {
    for (const close of toClose.splice(0).reverse()) close();
  });
  return {
    start,
    clock,
    /** Moves the clock by `ms`. */
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
      return now;
    },
    /** A fresh record, on the shared clock unless given another. */
    async open(withClock: Clock = clock): Promise<OpenedRecord> {
      const opened = await open(withClock);
      toClose.push(() => opened.close());
      return opened;
    },
    /** The same database opened again, as another replica sees it. */
    async replica(opened: OpenedRecord, withClock: Clock = clock): Promise<Record> {
      const other = await opened.reopen(withClock);
      toClose.push(() => other.close());
      return other;
    },
  };
}
