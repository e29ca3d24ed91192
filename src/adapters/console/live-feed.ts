import type { TimelineEvent } from "../../domain/timeline/timeline-event.js";
import type { ConsoleStore } from "../../ports/console-store.js";
import type { Logger } from "../../ports/logger.js";

export type Listener = (events: TimelineEvent[]) => void;

const BATCH = 1000;
/**
 * Longer than any transaction that appends to the log takes to commit once it has its event id
 * (they never span an await: milliseconds). Ids below the newest one seen this long ago are settled.
 */
const SETTLE_MS = 5_000;
/** How far below the newest id a first listener's poller still looks for late commits. */
const RECENT = 100;

/**
 * One poller per process for every open console page: it reads the IMOC log every `intervalMs`
 * and hands new events to the listeners, each event once. Polling the record (not the in-process
 * event bus) means a change made by any replica sharing the database shows up too.
 *
 * Ids are not commit order: on PostgreSQL a transaction that took id 11 may commit after the one
 * that took id 12, so reading only `id > last` would skip 11 for good. Each poll reads again from
 * the newest id seen `settleMs` ago (every id at or below it has committed by then) and drops the
 * ids it handed out already; a late event reaches the listeners after higher ids. It runs only
 * while someone listens.
 */
export function createLiveFeed(o: {
  store: Pick<ConsoleStore, "eventsAfter" | "lastEventId">;
  logger: Logger;
  intervalMs?: number;
  settleMs?: number;
  now?: () => number;
}) {
  const interval = o.intervalMs ?? 200;
  const settleMs = o.settleMs ?? SETTLE_MS;
  const now = o.now ?? Date.now;
  const listeners = new Set<Listener>();
  /** Every event at or below it was handed out, or was in the record before anyone listened. */
  let settled = 0;
  /** Handed out, above `settled`. */
  const handed = new Set<number>();
  /** The newest id seen at each poll of the last `settleMs`. */
  let marks: Array<{ at: number; top: number }> = [];
  /** Where the next read starts: `settled`, or further on while a long backlog is read in batches. */
  let from = 0;
  let timer: NodeJS.Timeout | null = null;

  // The first listener: the newest events count as handed out (the page shows them), and the ids
  // just below them may still commit, so they are read again until they settle.
  function restart() {
    const top = o.store.lastEventId();
    settled = Math.max(0, top - RECENT);
    from = settled;
    handed.clear();
    for (const e of o.store.eventsAfter(settled, RECENT)) if (e.id <= top) handed.add(e.id);
    marks = [{ at: now(), top }];
  }

  function read(): { fresh: TimelineEvent[]; full: boolean } {
    const batch = o.store.eventsAfter(from, BATCH);
    const fresh = batch.filter((e) => !handed.has(e.id));
    for (const e of fresh) handed.add(e.id);
    const full = batch.length === BATCH;
    const top = Math.max(from, marks.at(-1)?.top ?? settled, batch.at(-1)?.id ?? 0);
    const t = now();
    marks.push({ at: t, top });
    for (let m = marks[0]; m && m.at <= t - settleMs; m = marks[0]) {
      settled = Math.max(settled, m.top);
      marks.shift();
    }
    for (const id of handed) if (id <= settled) handed.delete(id);
    // Never below `settled`: the ids there were handed out and forgotten.
    from = full ? Math.max(batch.at(-1)?.id ?? settled, settled) : settled;
    return { fresh, full };
  }

  function tick() {
    timer = null;
    if (listeners.size === 0) return;
    let full = false;
    try {
      const result = read();
      full = result.full;
      if (result.fresh.length > 0)
        for (const listener of listeners) {
          try {
            listener(result.fresh);
          } catch (error) {
            o.logger.warn({ err: String(error) }, "console: a live listener failed");
          }
        }
    } catch (error) {
      o.logger.warn({ err: String(error) }, "console: reading the IMOC log for live updates failed");
    }
    timer = setTimeout(tick, full ? 0 : interval);
  }

  return {
    subscribe(listener: Listener): () => void {
      if (listeners.size === 0) restart();
      listeners.add(listener);
      timer ??= setTimeout(tick, interval);
      return () => {
        listeners.delete(listener);
      };
    },
    get listeners() {
      return listeners.size;
    },
    stop() {
      listeners.clear();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

export type LiveFeed = ReturnType<typeof createLiveFeed>;
