import { createServer } from "node:net";

/**
 * Asks the OS for a free port by binding port 0 and releasing it. Only for processes we cannot
 * hand a listening socket to (redis-server); there is a small race, so callers retry on EADDRINUSE.
 */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error("freePort: could not read the bound port"));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
