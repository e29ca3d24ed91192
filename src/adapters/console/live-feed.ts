import type { TimelineEvent } from "../../domain/timeline/timeline-event.js";
import type { ConsoleStore } from "../../ports/console-store.js";
import type { Logger } from "../../ports/logger.js";

export type Listener = (events: TimelineEvent[]) => void;

const BATCH = 1000;

/**
 * One poller per process for every open console page: it reads the IMOC log after the last id it
 * saw, every `intervalMs`, and hands new events to the listeners. Polling the record (not the
 * in-process event bus) means a change made by any replica sharing the database shows up too.
 * It runs only while someone listens.
 */
export function createLiveFeed(o: {
  store: Pick<ConsoleStore, "eventsAfter" | "lastEventId">;
  logger: Logger;
  intervalMs?: number;
}) {
  const interval = o.intervalMs ?? 200;
  const listeners = new Set<Listener>();
  let lastId: number | null = null;
  let timer: NodeJS.Timeout | null = null;

  function tick() {
    timer = null;
    if (listeners.size === 0) return;
    let full = false;
    try {
      lastId ??= o.store.lastEventId();
      const events = o.store.eventsAfter(lastId, BATCH);
      full = events.length === BATCH;
      const last = events.at(-1);
      if (last) {
        lastId = last.id;
        for (const listener of listeners) {
          try {
            listener(events);
          } catch (error) {
            o.logger.warn({ err: String(error) }, "console: a live listener failed");
          }
        }
      }
    } catch (error) {
      o.logger.warn({ err: String(error) }, "console: reading the IMOC log for live updates failed");
    }
    timer = setTimeout(tick, full ? 0 : interval);
  }

  return {
    subscribe(listener: Listener): () => void {
      if (listeners.size === 0) lastId = o.store.lastEventId();
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
