import { createServer, type RequestListener, type Server } from "node:http";
import type pino from "pino";

/** SIGTERM to exit at the latest (a container runtime's grace period is 10 s before its SIGKILL). */
export const SHUTDOWN_DEADLINE_MS = 10_000;
/** What the stop stack plans with: running work may finish for most of it, then the rest closes. */
export const SHUTDOWN_BUDGET_MS = 9_000;
/** Part of the budget kept for closing Redis and the database once the running work is done or handed back. */
const CLOSE_RESERVE_MS = 1_000;

type PhaseLogger = Record<"info" | "warn", (context: object, message: string) => void>;
type Stop = () => Promise<unknown> | unknown;

interface Drain {
  name: string;
  /** Stops taking new work and resolves once the running work finished (`worker.close()`). */
  stop: Stop;
  /** Gives the running work up at once (`worker.close(true)`): a job's lock expires, another run takes it. */
  force?: Stop;
}

const sleep = (ms: number) =>
  new Promise<"timeout">((ok) => setTimeout(() => ok("timeout"), Math.max(0, ms)).unref());

/** Settles with "done", "failed" or "timeout", never throws. */
async function within(ms: number, stop: Stop): Promise<"done" | "failed" | "timeout"> {
  const run = (async () => stop())().then(
    () => "done" as const,
    () => "failed" as const,
  );
  return Promise.race([run, sleep(ms)]);
}

/**
 * What was started, stopped in two phases. First every drain at once (the HTTP server, the
 * workers): nothing new is taken, running work may finish until the budget's deadline, then what
 * is still running is forced (handed back). Then the resources (queues, Redis, SQLite) in reverse
 * order of `push`. One failing or hanging stop does not keep the rest running.
 */
export function createStopStack(options: { logger?: PhaseLogger; budgetMs?: number } = {}) {
  const resources: Stop[] = [];
  const drains: Drain[] = [];
  const budgetMs = options.budgetMs ?? SHUTDOWN_BUDGET_MS;
  const log = options.logger;
  let stopping: Promise<void> | null = null;

  async function stopAll(): Promise<void> {
    const started = Date.now();
    const left = (reserve = 0) => budgetMs - reserve - (Date.now() - started);
    log?.info(
      { drains: drains.map((d) => d.name) },
      "stopping: no new requests or jobs, running ones may finish",
    );
    await Promise.all(
      drains.map(async (drain) => {
        const outcome = await within(left(CLOSE_RESERVE_MS), drain.stop);
        if (outcome !== "timeout") {
          if (outcome === "failed") log?.warn({ drain: drain.name }, "stopping: could not stop cleanly");
          return;
        }
        log?.warn(
          { drain: drain.name, afterMs: Date.now() - started },
          "stopping: running work did not finish in time, handed back (its lock expires, another run takes it)",
        );
        if (drain.force) await within(Math.max(left(), 0), drain.force);
      }),
    );
    log?.info(
      { ms: Date.now() - started },
      "stopping: running work done, closing the queue, Redis and the database",
    );
    for (const stop of resources) {
      // Keep stopping the rest: a half-stopped bot must not hold the port or the database.
      const outcome = await within(Math.max(left(), 100), stop);
      if (outcome !== "done") log?.warn({ outcome }, "stopping: a resource did not close cleanly");
    }
    log?.info({ ms: Date.now() - started }, "stopped");
  }

  return {
    /** A resource (queue, Redis, SQLite): closed after the drains, the last pushed first. */
    push(stop: Stop): void {
      resources.unshift(stop);
    },
    /** Something that takes work (a server, a worker): stopped first, all at once, within the budget. */
    drain(name: string, { stop, force }: { stop: Stop; force?: Stop }): void {
      drains.push({ name, stop, force });
    },
    stopAll(): Promise<void> {
      stopping ??= stopAll();
      return stopping;
    },
  };
}

/** A BullMQ worker as a drain: pause (no new jobs, wait for the running ones), then close; force hands them back. */
export function workerDrain(worker: { pause(): Promise<void>; close(force?: boolean): Promise<void> }) {
  return {
    stop: async () => {
      await worker.pause();
      await worker.close();
    },
    force: () => worker.close(true),
  };
}

/**
 * Listens on `port` (0: any free one). `close` stops accepting connections, lets the requests in
 * flight finish and then ends every connection (a request that still reaches the handler gets 503
 * and `connection: close`); `forceClose` ends them at once.
 */
export async function listen(
  handler: RequestListener,
  port: number,
): Promise<{ port: number; close(): Promise<void>; forceClose(): void }> {
  let closing = false;
  const server: Server = createServer((req, res) => {
    if (closing) {
      res.writeHead(503, { connection: "close", "content-type": "text/plain", "retry-after": "5" });
      res.end("imoc is restarting; retry shortly\n");
      return;
    }
    // Finished while closing: its keep-alive connection is idle now and may go.
    res.once("finish", () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    handler(req, res);
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, ok);
  });
  const closed = new Promise<void>((ok) => server.once("close", () => ok()));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      if (!closing) {
        closing = true;
        server.close();
        server.closeIdleConnections();
      }
      return closed;
    },
    forceClose: () => {
      closing = true;
      if (server.listening) server.close();
      server.closeAllConnections();
    },
  };
}

/** Prints `message` on stderr and exits 1: the operator's terminal, not the JSON log, is where it is read. */
export function exitWith(message: string): never {
  console.error(message);
  process.exit(1);
}

/**
 * Starts the bot, then stops it gracefully on SIGTERM or SIGINT: exit 0 once stopped (running work
 * finished or handed back within the budget), 1 when stopping failed. A second signal exits at once.
 */
export async function runUntilSignalled(
  logger: pino.Logger,
  start: (logger: pino.Logger) => Promise<{ stop(): Promise<void> }>,
): Promise<void> {
  const bot = await start(logger).catch((error: unknown) => {
    logger.fatal({ err: error }, "imoc could not start");
    return exitWith(`imoc could not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      logger.warn({ signal }, "second signal: exiting now, running jobs are handed back by their locks");
      process.exit(1);
    }
    logger.info({ signal, deadlineMs: SHUTDOWN_DEADLINE_MS }, "stopping");
    // A stop that itself hangs past the deadline must not keep the process alive.
    setTimeout(() => {
      logger.warn("stopping took longer than the deadline: exiting now");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "stopping failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
