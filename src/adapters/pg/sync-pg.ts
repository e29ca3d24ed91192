import { createRequire } from "node:module";
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";

/**
 * PostgreSQL behind the record's synchronous store ports.
 *
 * The store ports are synchronous (the SQLite record is, and every use case relies on a change,
 * its timeline event and its Slack jobs committing together with no await in between). A worker
 * thread owns one `pg` connection; the calling thread posts a statement and blocks on an Atomics
 * flag until the worker answers. So a transaction here never spans an await: it holds its row
 * locks for the few statements it runs, and another replica waits microseconds, not a Slack call.
 *
 * The cost: a statement blocks the event loop for its round trip (about 0.1 ms on a local network,
 * `npm run bench` prints the figures). A PostgreSQL that stops answering blocks it for at most
 * `timeoutMs`, then the statement throws and the next one reconnects.
 */
export interface SyncPg {
  /** Rows as objects keyed by column name (or alias). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): R[];
  /** The first row, or null. */
  one<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): R | null;
  /** Rows affected. */
  run(sql: string, params?: readonly unknown[]): number;
  /** Runs `fn` in a transaction (a savepoint when nested); rolls back when it throws. */
  transaction<T>(fn: () => T): T;
  inTransaction(): boolean;
  close(): void;
}

/** A statement PostgreSQL refused: `code` is its SQLSTATE (23505: unique violation). */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly detail?: string,
  ) {
    super(message);
    this.name = "PgError";
  }
}

interface Reply {
  id: number;
  rows?: Record<string, unknown>[];
  rowCount?: number;
  error?: { message: string; code?: string; detail?: string };
}

// The worker is plain JavaScript (eval), so it runs the same under tsx, vitest and the built dist.
const WORKER = `
const { workerData } = require("node:worker_threads");
const pg = require(workerData.pgPath);
pg.types.setTypeParser(20, (v) => Number(v)); // count(*) and bigint columns: numbers
const { url, flag, port, statementTimeoutMs } = workerData;
const signal = new Int32Array(flag);
let client = null;
async function connection() {
  if (client) return client;
  const c = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: Math.max(1000, statementTimeoutMs - 1000),
    keepAlive: true,
    statement_timeout: statementTimeoutMs,
    lock_timeout: statementTimeoutMs,
    application_name: "imoc",
  });
  c.on("error", () => { if (client === c) client = null; });
  await c.connect();
  client = c;
  epoch++;
  return c;
}
// The connection a transaction began on: a statement of that transaction never runs on another
// one (it would commit on its own), so a connection lost mid-transaction fails the rest of it.
let epoch = 0;
let txEpoch = -1;
function reply(message) {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}
port.on("message", async ({ id, sql, params, close, inTx }) => {
  if (close) {
    if (client) await client.end().catch(() => {});
    client = null;
    return reply({ id });
  }
  try {
    // A rollback is harmless anywhere; anything else of a transaction whose connection is gone fails.
    if (inTx && !sql.startsWith("rollback") && (!client || epoch !== txEpoch))
      throw Object.assign(new Error("the connection to PostgreSQL was lost inside this transaction"), { code: "08003" });
    const c = await connection();
    if (sql === "begin") txEpoch = epoch;
    const result = await c.query({ text: sql, values: params });
    reply({ id, rows: result.rows, rowCount: result.rowCount ?? 0 });
  } catch (error) {
    const code = error && error.code;
    // A network error (no SQLSTATE) or a server going away (08xxx, 57Pxx): reconnect next time.
    if (client && (!code || code.startsWith("08") || code.startsWith("57P"))) {
      client.end().catch(() => {});
      client = null;
    }
    reply({ id, error: { message: String(error && error.message || error), code: error && error.code, detail: error && error.detail } });
  }
});
`;

export function openSyncPg(url: string, { timeoutMs = 5_000 } = {}): SyncPg {
  const pgPath = createRequire(import.meta.url).resolve("pg");
  let worker: Worker;
  let port: MessagePort;
  let signal: Int32Array;
  let nextId = 1;
  let depth = 0;
  /** Bumped when a timeout replaces the worker: a transaction open then is gone (rolled back). */
  let resets = 0;

  const start = () => {
    const flag = new SharedArrayBuffer(4);
    signal = new Int32Array(flag);
    const channel = new MessageChannel();
    port = channel.port1;
    worker = new Worker(WORKER, {
      eval: true,
      workerData: { url, flag, port: channel.port2, pgPath, statementTimeoutMs: timeoutMs - 1_000 },
      transferList: [channel.port2],
    });
    worker.unref();
    port.unref();
  };
  start();

  const call = (message: { sql?: string; params?: readonly unknown[]; close?: boolean }): Reply => {
    const id = nextId++;
    Atomics.store(signal, 0, 0);
    port.postMessage({ id, inTx: depth > 0, ...message });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(signal, 0, 0, left) === "timed-out") {
        // The worker may still answer later: start over with a fresh one (and connection).
        void worker.terminate();
        port.close();
        start();
        depth = 0;
        resets++;
        throw new PgError(`PostgreSQL did not answer within ${timeoutMs} ms`, "timeout");
      }
      const received = receiveMessageOnPort(port);
      if (!received) continue;
      const reply = received.message as Reply;
      if (reply.id !== id) {
        Atomics.store(signal, 0, 0);
        continue;
      }
      return reply;
    }
  };

  const exec = (sql: string, params: readonly unknown[] = []): Reply => {
    const reply = call({ sql, params: params.map((p) => (p === undefined ? null : p)) });
    if (reply.error) {
      const where = sql.replace(/\s+/g, " ").trim().slice(0, 80);
      throw new PgError(`${reply.error.message} (in: ${where})`, reply.error.code, reply.error.detail);
    }
    return reply;
  };

  const db: SyncPg = {
    query: <R>(sql: string, params?: readonly unknown[]) => (exec(sql, params).rows ?? []) as R[],
    one: <R>(sql: string, params?: readonly unknown[]) => ((exec(sql, params).rows ?? [])[0] as R) ?? null,
    run: (sql, params) => exec(sql, params).rowCount ?? 0,
    transaction<T>(fn: () => T): T {
      const savepoint = depth > 0 ? `s${depth}` : null;
      exec(savepoint ? `savepoint ${savepoint}` : "begin");
      depth++;
      const generation = resets;
      const lost = () =>
        new PgError("the connection to PostgreSQL was lost inside this transaction", "08003");
      let result: T;
      try {
        result = fn();
      } catch (error) {
        // A timeout that replaced the connection has rolled the whole transaction back already.
        if (resets !== generation) throw error;
        depth--;
        try {
          exec(savepoint ? `rollback to savepoint ${savepoint}` : "rollback");
        } catch {
          // The connection is gone: PostgreSQL rolled the transaction back itself.
        }
        throw error;
      }
      if (resets !== generation) throw lost();
      try {
        // Sent while still counted in the transaction: a commit on another connection fails.
        exec(savepoint ? `release savepoint ${savepoint}` : "commit");
      } finally {
        if (resets === generation) depth--;
      }
      return result;
    },
    inTransaction: () => depth > 0,
    close() {
      try {
        call({ close: true });
      } finally {
        void worker.terminate();
        port.close();
      }
    },
  };
  return db;
}
