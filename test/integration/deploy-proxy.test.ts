import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port.js";
import { waitFor } from "../support/wait-for.js";

/**
 * The proxy of docker-compose.yml (deploy/haproxy/haproxy.cfg), run by the real haproxy in front
 * of two stand-in replicas on loopback: only the addresses are changed (the bind port, the
 * servers' host:port); balancing, retries and health checks are the file's.
 */
const HAPROXY = ["/usr/sbin/haproxy", "/usr/local/sbin/haproxy"].find(existsSync);
const CONFIG = resolve(import.meta.dirname, "../../deploy/haproxy/haproxy.cfg");

interface Replica {
  name: string;
  port: number;
  /** Requests other than health checks, in arrival order. */
  seen: Array<{ method: string; path: string; headers: IncomingMessage["headers"] }>;
  /** What it does with a request: answer, or drop the connection after reading it. */
  mode: "answer" | "drop";
  server: Server;
}

async function startReplica(name: string): Promise<Replica> {
  const replica = { name, seen: [], mode: "answer" } as unknown as Replica;
  replica.server = createServer((req, res) => {
    if (req.url === "/healthz") return void res.end('{"status":"ok"}');
    req.resume();
    req.on("end", () => {
      replica.seen.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
      if (replica.mode === "drop") req.socket.destroy();
      else res.end(name);
    });
  });
  await new Promise<void>((r) => replica.server.listen(0, "127.0.0.1", r));
  replica.port = (replica.server.address() as AddressInfo).port;
  return replica;
}

const describeWithHaproxy = HAPROXY ? describe : describe.skip;
if (!HAPROXY) {
  it.skip("the proxy: haproxy is not installed (Debian: apt-get install haproxy); its behaviour was not checked", () => {});
}

describeWithHaproxy("the proxy in front of the replicas (deploy/haproxy/haproxy.cfg)", () => {
  let replicas: Replica[];
  let proxy: ChildProcess;
  let url: string;
  let dir: string;
  let log = "";

  beforeAll(async () => {
    replicas = await Promise.all([startReplica("imoc-1"), startReplica("imoc-2")]);
    const port = await freePort();
    let config = readFileSync(CONFIG, "utf8").replace(/^(\s*bind )\S+$/m, `$1127.0.0.1:${port}`);
    for (const r of replicas) {
      config = config.replace(new RegExp(`^(\\s*server ${r.name} )\\S+`, "m"), `$1127.0.0.1:${r.port}`);
    }
    dir = mkdtempSync(join(tmpdir(), "imoc-haproxy-"));
    writeFileSync(join(dir, "haproxy.cfg"), config);
    proxy = spawn(HAPROXY as string, ["-db", "-f", join(dir, "haproxy.cfg")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    proxy.stdout?.on("data", (d) => (log += d));
    proxy.stderr?.on("data", (d) => (log += d));
    url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok, {
      timeoutMs: 10_000,
      describe: () => log,
    });
  });

  afterAll(async () => {
    proxy?.kill("SIGKILL");
    await Promise.all(replicas.map((r) => new Promise((done) => r.server.close(done))));
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body = "command=%2Fincident") =>
    fetch(`${url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
  /**
   * On a new connection: on a reused one haproxy closes the client's connection instead of
   * answering 502 (as a server closing an idle keep-alive connection would).
   */
  const postOnNewConnection = (body: string) =>
    new Promise<number>((done) => {
      const req = request(`${url}/slack/events`, { method: "POST", agent: false }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.on("error", () => done(0));
      req.end(body);
    });
  const clear = () => {
    for (const r of replicas) r.seen.length = 0;
  };

  it("sends Slack's requests to each replica in turn, with the client's address and scheme", async () => {
    clear();
    for (let i = 0; i < 6; i++) expect((await post()).status).toBe(200);
    expect(replicas.map((r) => r.seen.length)).toEqual([3, 3]);
    const { headers } = replicas[0]!.seen[0]!;
    expect(headers["x-forwarded-for"]).toBe("127.0.0.1");
    expect(headers["x-forwarded-proto"]).toBe("http");
  });

  it("does not expose /metrics (each replica is scraped on the internal network)", async () => {
    clear();
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    expect(replicas.flatMap((r) => r.seen)).toEqual([]);
  });

  it("never sends a request a replica received to the other one, even when no answer came", async () => {
    clear();
    replicas[0]!.mode = "drop";
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 2; i++) statuses.push(await postOnNewConnection(`n=${i}`));
      // One of the two went to the replica that read it and dropped the connection: the client
      // gets 502, and the other replica never sees that request.
      expect(statuses.sort()).toEqual([200, 502]);
      expect(replicas.map((r) => r.seen.length)).toEqual([1, 1]);
    } finally {
      replicas[0]!.mode = "answer";
    }
  });

  it("sends a request that could not reach a replica (connection refused) to the other one", async () => {
    clear();
    const [down, up] = replicas as [Replica, Replica];
    await new Promise((done) => down.server.close(done)); // nothing listens on its port now
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    expect(up.seen).toHaveLength(6);
  });
});
