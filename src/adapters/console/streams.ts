import type { Request, Response } from "express";
import type { Incident } from "../../domain/incident/incident.js";
import type { TimelineEvent } from "../../domain/timeline/timeline-event.js";
import type { ConsoleSession, ConsoleStore } from "../../ports/console-store.js";
import type { Html } from "./html.js";
import type { LiveFeed } from "./live-feed.js";

const KEEPALIVE_MS = 15_000;
const CATCH_UP_BATCH = 1000;

/** Where the client left off: the `Last-Event-ID` its EventSource sends on reconnecting, else `?after=`. */
export function resumeFrom(req: Request): number {
  const raw = req.get("last-event-id") ?? (typeof req.query.after === "string" ? req.query.after : "0");
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

export interface SseMessage {
  /** The IMOC log event id: the browser sends the last one back as `Last-Event-ID`. */
  id?: number;
  event: string;
  data: unknown;
}

/** Opens an event stream; returns `send` and `onClose`. Messages stay in order even when rendering waits. */
export function openStream(req: Request, res: Response, streams: Set<Response>) {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  res.write("retry: 1000\n\n");
  streams.add(res);
  const keepalive = setInterval(() => res.write(": keep-alive\n\n"), KEEPALIVE_MS);
  let chain = Promise.resolve();
  const closers: Array<() => void> = [];
  req.on("close", () => {
    clearInterval(keepalive);
    streams.delete(res);
    for (const close of closers) close();
  });
  return {
    /** Queues `render` (which may wait for names) and writes what it returns, in call order. */
    later(render: () => Promise<SseMessage[]>) {
      chain = chain
        .then(render)
        .then((messages) => {
          for (const m of messages)
            res.write(
              `${m.id === undefined ? "" : `id: ${m.id}\n`}event: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`,
            );
        })
        .catch(() => {
          res.end();
        });
    },
    onClose(close: () => void) {
      closers.push(close);
    },
  };
}

/**
 * The live log of one incident: events after `from` (catch-up from the record), then whatever the
 * shared poller sees. Each event is sent once, with its id; an event committed late (see
 * live-feed.ts) comes after higher ids, and the page puts its row in id order.
 */
export function streamIncident(o: {
  req: Request;
  res: Response;
  streams: Set<Response>;
  feed: LiveFeed;
  store: Pick<ConsoleStore, "eventsAfter">;
  incident: Incident;
  /** Renders the new log rows and the sections they change. */
  render: (events: TimelineEvent[]) => Promise<SseMessage[]>;
}) {
  const stream = openStream(o.req, o.res, o.streams);
  const from = resumeFrom(o.req);
  // What this stream sent: the poller hands out events committed late, below ids sent already.
  const sent = new Set<number>();
  const deliver = (events: TimelineEvent[]) => {
    const mine = events.filter((e) => e.incidentId === o.incident.id && !sent.has(e.id));
    for (const e of mine) sent.add(e.id);
    if (mine.length > 0) stream.later(() => o.render(mine));
  };
  // Subscribing and catching up in the same tick: the poller cannot run in between, and `sent`
  // drops what both would send.
  stream.onClose(o.feed.subscribe(deliver));
  for (let after = from; ; ) {
    const batch = o.store.eventsAfter(after, CATCH_UP_BATCH, o.incident.id);
    deliver(batch);
    if (batch.length < CATCH_UP_BATCH) break;
    after = batch.at(-1)?.id ?? after;
  }
}

/** The list's stream: a changed incident's row, for incidents this person may see. */
export function streamList(o: {
  req: Request;
  res: Response;
  streams: Set<Response>;
  feed: LiveFeed;
  session: ConsoleSession;
  incidentOf: (id: number) => Incident | null;
  canSee: (incident: Incident) => Promise<boolean>;
  row: (incident: Incident) => Promise<Html>;
}) {
  const stream = openStream(o.req, o.res, o.streams);
  stream.onClose(
    o.feed.subscribe((events) => {
      const lastOf = new Map<number, TimelineEvent>();
      for (const e of events) lastOf.set(e.incidentId, e);
      const changed = [...lastOf.values()].sort((a, b) => a.id - b.id);
      const declared = new Set(events.filter((e) => e.kind === "declared").map((e) => e.incidentId));
      stream.later(async () => {
        const out: SseMessage[] = [];
        for (const e of changed) {
          const incident = o.incidentOf(e.incidentId);
          if (!incident || !(await o.canSee(incident))) continue;
          const data = {
            incident: incident.id,
            isNew: declared.has(incident.id),
            html: (await o.row(incident)).value,
          };
          out.push({ id: e.id, event: "incident", data });
        }
        return out;
      });
    }),
  );
}
