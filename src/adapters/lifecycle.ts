import { createServer, type RequestListener, type Server } from "node:http";

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
