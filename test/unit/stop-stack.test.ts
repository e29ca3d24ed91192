import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { createStopStack, listen } from "../../src/adapters/lifecycle.js";

const never = () => new Promise<void>(() => {});

describe("the stop stack (graceful shutdown)", () => {
  it("stops every drain at once, then the resources, the last pushed first", async () => {
    const order: string[] = [];
    const stack = createStopStack({ budgetMs: 5_000 });
    stack.push(() => void order.push("sqlite"));
    stack.push(() => void order.push("redis"));
    const slow = (name: string) => async () => {
      order.push(`${name} stopping`);
      await new Promise((r) => setTimeout(r, 50));
      order.push(`${name} drained`);
    };
    stack.drain("worker", { stop: slow("worker") });
    stack.drain("http", { stop: slow("http") });
    await stack.stopAll();
    expect(order).toEqual([
      "worker stopping",
      "http stopping",
      "worker drained",
      "http drained",
      "redis",
      "sqlite",
    ]);
  });

  it("forces a drain still running at the budget's end, and closes the rest anyway", async () => {
    const order: string[] = [];
    const warnings: string[] = [];
    const logger = { info: () => {}, warn: (_: unknown, msg: string) => void warnings.push(msg) };
    const stack = createStopStack({ budgetMs: 1_300, logger });
    stack.push(() => void order.push("redis"));
    stack.drain("worker", { stop: never, force: () => void order.push("forced") });
    const started = Date.now();
    await stack.stopAll();
    expect(Date.now() - started).toBeLessThan(1_300 + 200);
    expect(order).toEqual(["forced", "redis"]);
    expect(warnings.join("\n")).toContain("handed back");
  });

  it("a second stopAll waits for the first instead of stopping twice", async () => {
    let stops = 0;
    const stack = createStopStack();
    stack.push(() => void stops++);
    await Promise.all([stack.stopAll(), stack.stopAll()]);
    expect(stops).toBe(1);
  });
});

describe("listen: closing the HTTP server", () => {
  it("lets a request in flight finish, then ends its connection and takes no new ones", async () => {
    let release = () => {};
    const server = await listen((req, res) => {
      if (req.url === "/slow") release = () => res.end("done");
      else res.end("ok");
    }, 0);
    // One kept-alive connection: a slow request, then (once closing began) another on the same socket.
    const socket = connect(server.port, "127.0.0.1");
    let received = "";
    socket.on("data", (d: Buffer) => {
      received += d.toString();
    });
    const ended = new Promise((r) => socket.once("close", r));
    socket.write("GET /slow HTTP/1.1\r\nHost: imoc\r\n\r\n");
    await new Promise((r) => setTimeout(r, 100));
    const closed = server.close();
    socket.write("GET /fast HTTP/1.1\r\nHost: imoc\r\n\r\n");
    await new Promise((r) => setTimeout(r, 100));
    release();
    await closed;
    await ended;
    // The request sent after closing began is not run (no status for it); the connection ends.
    const statuses = [...received.matchAll(/^HTTP\/1\.1 (\d+)/gm)].map((m) => m[1]);
    expect(statuses).toEqual(["200"]);
    expect(received).toContain("done");
    await expect(fetch(`http://127.0.0.1:${server.port}/fast`)).rejects.toThrow();
  });
});
