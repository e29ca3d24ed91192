import { type AddressInfo, connect, createServer, type Socket } from "node:net";

export interface SlowProxy {
  /** host:port to give the bot instead of the upstream's (TLS passes through untouched). */
  readonly host: string;
  /**
   * While set, every chunk the client sends waits this long before it goes on (0: none). Setting
   * one drops the open connections, so the next request opens a new one and even its TLS
   * handshake waits (a held request on a kept-alive connection would be cut by the fake's
   * keep-alive timeout instead). Drop them only while nothing is in flight.
   */
  setDelay(ms: number): void;
  /** Chunks held back since the last `setDelay`: a request (or its handshake) is in flight. */
  readonly delayedChunks: number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a fake (e.g. PagerDuty's, over TLS) that can make it slow: what the
 * client sends is held back, so the request arrives late and the client's call stays in flight.
 * It works below TLS, so the fake and its certificate are unchanged.
 */
export async function startSlowProxy(upstream: string): Promise<SlowProxy> {
  const [upHost, upPort] = upstream.split(":");
  let delay = 0;
  let delayedChunks = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const up = connect(Number(upPort), upHost);
    for (const s of [client, up]) {
      sockets.add(s);
      s.once("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        up.destroy();
      });
    }
    client.on("data", (chunk: Buffer) => {
      if (delay === 0) return void up.write(chunk);
      delayedChunks++;
      // Held chunks keep their order: each waits the same delay after the one before it.
      client.pause();
      setTimeout(() => {
        up.write(chunk);
        client.resume();
      }, delay);
    });
    up.pipe(client);
    client.once("end", () => up.end());
    // The client died (a killed bot): what it still had in flight never reaches the fake.
    client.once("close", () => up.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    setDelay: (ms) => {
      if (ms > 0) for (const s of sockets) s.destroy();
      delay = ms;
      delayedChunks = 0;
    },
    get delayedChunks() {
      return delayedChunks;
    },
    close: () =>
      new Promise((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
