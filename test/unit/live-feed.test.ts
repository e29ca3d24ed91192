import { describe, expect, it, vi } from "vitest";
import { createLiveFeed } from "../../src/adapters/console/live-feed.js";
import type { TimelineEvent } from "../../src/domain/timeline/timeline-event.js";
import { createLogger } from "../../src/adapters/logging.js";

/**
 * The IMOC log as PostgreSQL shows it to a reader: an event's id is taken when its transaction
 * inserts it, and the event is visible only once that transaction commits, in whatever order.
 */
function logWithTransactions() {
  let nextId = 1;
  const visible: TimelineEvent[] = [];
  const event = (id: number): TimelineEvent => ({
    id,
    seq: id,
    incidentId: 1,
    kind: "note",
    occurredAt: new Date(),
    recordedAt: new Date(),
    actor: "slack:U1",
    text: `event ${id}`,
    data: {},
  });
  return {
    /** Takes the next id; the event shows once `commit()` is called. */
    begin() {
      const e = event(nextId++);
      return {
        id: e.id,
        commit: () => {
          visible.push(e);
          visible.sort((a, b) => a.id - b.id);
        },
      };
    },
    store: {
      eventsAfter: (afterId: number, limit: number) => visible.filter((e) => e.id > afterId).slice(0, limit),
      lastEventId: () => visible.at(-1)?.id ?? 0,
    },
  };
}

const silent = createLogger("silent");

describe("the live feed with commits out of id order", () => {
  it("hands out an event whose transaction committed after a higher id's, once", async () => {
    const log = logWithTransactions();
    log.begin().commit(); // 1, before anyone listens
    const feed = createLiveFeed({ store: log.store, logger: silent, intervalMs: 5, settleMs: 200 });
    const got: number[] = [];
    feed.subscribe((events) => got.push(...events.map((e) => e.id)));
    const slow = log.begin(); // 2: its transaction is still open
    log.begin().commit(); // 3 commits first
    await vi.waitFor(() => expect(got).toEqual([3]));
    slow.commit();
    await vi.waitFor(() => expect(got).toEqual([3, 2]));
    log.begin().commit(); // 4
    await vi.waitFor(() => expect(got).toEqual([3, 2, 4]));
    // Long after they settled, nothing is handed out again.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(got).toEqual([3, 2, 4]);
    feed.stop();
  });

  it("a first listener still gets an event committed late just below the newest id", async () => {
    const log = logWithTransactions();
    const slow = log.begin(); // 1
    log.begin().commit(); // 2: the page shows it
    const feed = createLiveFeed({ store: log.store, logger: silent, intervalMs: 5, settleMs: 200 });
    const got: number[] = [];
    feed.subscribe((events) => got.push(...events.map((e) => e.id)));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(got).toEqual([]);
    slow.commit();
    await vi.waitFor(() => expect(got).toEqual([1]));
    feed.stop();
  });

  it("reads a backlog longer than one batch to its end, each event once", async () => {
    const log = logWithTransactions();
    const feed = createLiveFeed({ store: log.store, logger: silent, intervalMs: 5, settleMs: 100 });
    const got: number[] = [];
    feed.subscribe((events) => got.push(...events.map((e) => e.id)));
    for (let n = 0; n < 2500; n++) log.begin().commit();
    await vi.waitFor(() => expect(got).toHaveLength(2500));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(new Set(got).size).toBe(2500);
    expect(got).toEqual([...got].sort((a, b) => a - b));
    feed.stop();
  });
});
