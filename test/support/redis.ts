import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { freePort } from "./free-port.js";

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

const MISSING =
  "redis-server not found on PATH: install redis-server (Debian: apt-get install redis-server) or set REDIS_URL";

/**
 * A real Redis for integration tests (BullMQ relies on Lua scripts and blocking commands that no
 * in-memory fake gets right). REDIS_URL wins so CI can provide a service container; otherwise a
 * throw-away redis-server with persistence off, so nothing is written to disk.
 */
export async function startRedis(): Promise<TestRedis> {
  const external = process.env.REDIS_URL;
  if (external) {
    const { protocol, hostname, port } = new URL(external);
    // Fail early with a clear message instead of BullMQ reconnecting forever; rediss:// needs TLS.
    if (protocol === "redis:") await waitForPing(hostname, Number(port || 6379), 5000);
    return { url: external, stop: async () => {} };
  }
  const { child, port } = await startRedisProcess();
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

export interface RestartableRedis extends TestRedis {
  /** Starts it again on the same port after `stop()`: empty, as persistence is off. */
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: connections stay open, nothing answers (a hung server, a cut network). */
  freeze(): void;
  thaw(): void;
}

/**
 * A private redis-server a test can stop and start again on the same port (REDIS_URL is not used:
 * a shared server cannot be restarted), for outage tests: clients reconnect to the same URL.
 */
export async function startRestartableRedis(): Promise<RestartableRedis> {
  const first = await startRedisProcess();
  let child: ChildProcess | null = first.child;
  return {
    url: `redis://127.0.0.1:${first.port}`,
    async stop() {
      if (child) await stopChild(child);
      child = null;
    },
    async start() {
      if (child) throw new Error("redis-server is running already");
      child = await spawnRedis(first.port);
    },
    freeze: () => void child?.kill("SIGSTOP"),
    thaw: () => void child?.kill("SIGCONT"),
  };
}

async function startRedisProcess(): Promise<{ child: ChildProcess; port: number }> {
  let lastError: unknown;
  // freePort() releases the port before redis binds it, so another process can win the race.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return { child: await spawnRedis(port), port };
    } catch (error) {
      if (error instanceof Error && error.message === MISSING) throw error;
      lastError = error;
    }
  }
  throw new Error(`could not start redis-server: ${String(lastError)}`);
}

/** A throw-away redis-server with persistence off, once it answers PING. */
async function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    await Promise.race([waitForPing("127.0.0.1", port, 10_000), exitedEarly(child, () => output)]);
    return child;
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

function exitedEarly(child: ChildProcess, output: () => string): Promise<never> {
  return new Promise((_, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "ENOENT" ? new Error(MISSING) : error);
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${output().trim()}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}

/** Raw RESP instead of ioredis: a client with reconnect logic would hide "nothing is listening". */
async function waitForPing(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "no answer";
  while (Date.now() < deadline) {
    try {
      if (await pingOnce(host, port)) return;
      lastError = "unexpected reply to PING";
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Redis at ${host}:${port} did not answer PING within ${timeoutMs}ms (${lastError})`);
}

function pingOnce(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let reply = "";
    socket.setTimeout(1000, () => socket.destroy(new Error("timeout")));
    socket.once("error", reject);
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) {
        socket.end();
        // -NOAUTH still proves a Redis is listening; the URL's password is the client's business.
        resolve(reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"));
      }
    });
  });
}
