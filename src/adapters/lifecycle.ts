import { createServer, type RequestListener, type Server } from "node:http";
import type pino from "pino";

/** What was started, stopped in reverse order; one failing stop does not keep the rest running. */
export function createStopStack() {
  const stops: Array<() => Promise<unknown> | unknown> = [];
  let stopped = false;
  return {
    push(stop: () => Promise<unknown> | unknown): void {
      stops.unshift(stop);
    },
    async stopAll(): Promise<void> {
      if (stopped) return;
      stopped = true;
      for (const stop of stops) {
        try {
          await stop();
        } catch {
          // keep stopping the rest: a half-stopped bot must not hold the port or the database
        }
      }
    },
  };
}

/** Listens on `port` (0: any free one) and resolves with the port and a close that ends keep-alives. */
export async function listen(
  handler: RequestListener,
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, ok);
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/** Prints `message` on stderr and exits 1: the operator's terminal, not the JSON log, is where it is read. */
export function exitWith(message: string): never {
  console.error(message);
  process.exit(1);
}

/** Starts the bot, then stops it on SIGTERM or SIGINT (exit 0, or 1 when stopping failed). */
export async function runUntilSignalled(
  logger: pino.Logger,
  start: (logger: pino.Logger) => Promise<{ stop(): Promise<void> }>,
): Promise<void> {
  const bot = await start(logger).catch((error: unknown) => {
    logger.fatal({ err: error }, "imoc could not start");
    return exitWith(`imoc could not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "stopping");
      bot.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
