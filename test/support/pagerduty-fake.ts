import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { enqueue, failureBody, type PdEvent } from "./pagerduty-fake/events-api.js";
import {
  authFailed,
  type FakeOncall,
  type FakePdUser,
  listOncalls,
  notFound,
  type RestReply,
  renderUser,
} from "./pagerduty-fake/rest-api.js";
import { readBody } from "./read-body.js";
import { brief, errorLedger, jsonKeys, type UnexpectedError } from "./unexpected-errors.js";
import { waitFor } from "./wait-for.js";

export type { PdEvent } from "./pagerduty-fake/events-api.js";
export type { FakeOncall, FakePdUser } from "./pagerduty-fake/rest-api.js";
export * from "./pagerduty-webhook.js";

const tlsFile = (name: string) => fileURLToPath(new URL(`./tls/${name}`, import.meta.url));
/** For harnesses that spawn the bot: put this in its NODE_EXTRA_CA_CERTS. */
export const PAGERDUTY_FAKE_CA_PATH = tlsFile("ca.pem");
export const PAGERDUTY_FAKE_API_TOKEN = "pd-fake-api-token";

/** A valid-looking 32-character routing key, stable per name, for matrix env vars in tests. */
export function fakeRoutingKey(name: string): string {
  const prefix = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  return `${prefix}${createHash("sha256").update(name).digest("hex")}`.slice(0, 32);
}

export interface PagerDutyFakeOptions {
  /** Token the REST API accepts as `Authorization: Token token=...`. */
  apiToken?: string;
  oncalls?: FakeOncall[];
  /** HTTP statuses (4xx) this fake may answer without failing the test. */
  allowErrors?: readonly number[];
}

export interface PdRequest {
  at: number;
  method: string;
  path: string;
  query: string;
  status: number;
  body: string;
}

export interface PagerDutyFake {
  /** For PAGERDUTY_EVENTS_HOST: pdjs `event({server})` wants a host, it adds https:// itself. */
  readonly eventsHost: string;
  /** For PAGERDUTY_API_URL: a full base URL with trailing slash. */
  readonly apiUrl: string;
  readonly apiToken: string;
  readonly caPath: string;
  /** Accepted Events API requests (202), in arrival order. */
  readonly events: readonly PdEvent[];
  /** Every HTTP request, refused and failed ones included. */
  readonly requests: readonly PdRequest[];
  /** Unknown paths and TLS handshakes the client aborted; a test should end with this empty. */
  readonly unexpected: readonly string[];
  setOncalls(oncalls: FakeOncall[]): void;
  addUser(user: FakePdUser): void;
  /** The next `count` requests answer `status` (e.g. 500, 429, 400) instead of being processed. */
  failNext(status: number, count?: number, target?: "events" | "rest"): void;
  /** 4xx statuses the current test provokes on purpose (a wrong token, a bad event). */
  allowErrors(...statuses: number[]): void;
  /** 4xx answers nobody allowed, not yet reported to the test. */
  readonly unexpectedErrors: readonly UnexpectedError[];
  /** While down, connections are destroyed on arrival: the client sees ECONNRESET. */
  setDown(down: boolean): void;
  /**
   * Every Events API request for the next `ms` answers `status` (e.g. `failFor(20_000, 500)`);
   * `failFor(0, 0)` ends it early. Injected, so a 4xx here does not fail the test.
   */
  failFor(ms: number, status: number): void;
  /**
   * While hanging, Events API requests are read and never answered (recorded with status 0);
   * `hang(false)` drops the ones held (their sockets are destroyed) and answers again.
   */
  hang(on: boolean): void;
  /** Events API requests held unanswered right now. */
  readonly hanging: number;
  waitFor<T>(
    predicate: () => T | Promise<T>,
    timeoutMs?: number,
  ): Promise<Exclude<T, false | 0 | "" | null | undefined>>;
  describe(): string;
  reset(): void;
  close(): Promise<void>;
}

/** Events API v2 and the REST calls imoc makes, over TLS with the test CA in test/support/tls. */
export async function startPagerDutyFake(opts: PagerDutyFakeOptions = {}): Promise<PagerDutyFake> {
  const apiToken = opts.apiToken ?? PAGERDUTY_FAKE_API_TOKEN;
  const events: PdEvent[] = [];
  const requests: PdRequest[] = [];
  const unexpected: string[] = [];
  const users = new Map<string, FakePdUser>();
  let oncalls: FakeOncall[] = [];
  const failures: Record<"events" | "rest", number[]> = { events: [], rest: [] };
  let down = false;
  let failing: { until: number; status: number } | null = null;
  let hanging = false;
  const held = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const errors = errorLedger("PagerDuty", opts.allowErrors);

  const setOncalls = (list: FakeOncall[]) => {
    oncalls = [...list];
    for (const o of list) if (!users.has(o.user.id)) users.set(o.user.id, o.user);
  };
  setOncalls(opts.oncalls ?? []);

  const server: Server = createServer({
    key: readFileSync(tlsFile("server-key.pem")),
    cert: readFileSync(tlsFile("server-cert.pem")),
  });
  server.on("connection", (socket: Socket) => {
    if (down) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  // The client, not the server, decides trust; a rejected handshake shows up here as an alert.
  server.on("tlsClientError", (error) => {
    // A client process killed mid-handshake resets the connection: that says nothing about trust
    // (a client that distrusts the CA closes after its alert instead).
    if ((error as NodeJS.ErrnoException).code === "ECONNRESET") return;
    const problem =
      `TLS handshake failed (${error.message}); does the client trust the test CA? ` +
      `Set NODE_EXTRA_CA_CERTS=${PAGERDUTY_FAKE_CA_PATH} before the process starts`;
    if (!down && !unexpected.includes(problem)) unexpected.push(problem);
  });
  let apiUrl = "";

  server.on("request", async (req, res) => {
    const url = new URL(req.url ?? "/", "https://fake");
    // A client that gives up mid-body is not a fake failure; just drop the request.
    const raw = await readBody(req).then(
      (body) => body.toString("utf8"),
      () => undefined,
    );
    if (raw === undefined) return void res.destroy();
    const reply = (status: number, body: Record<string, unknown>) => {
      requests.push({
        at: Date.now(),
        method: req.method ?? "",
        path: url.pathname,
        query: url.search,
        status,
        body: raw,
      });
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    const isEvents = url.pathname === "/v2/enqueue";
    if (isEvents && hanging) {
      requests.push({
        at: Date.now(),
        method: req.method ?? "",
        path: url.pathname,
        query: url.search,
        status: 0,
        body: raw,
      });
      held.add(res);
      res.once("close", () => held.delete(res));
      return;
    }
    if (isEvents && failing && Date.now() < failing.until)
      return reply(failing.status, failureBody(failing.status));
    const injected = failures[isEvents ? "events" : "rest"].shift();
    if (injected !== undefined) return reply(injected, failureBody(injected));
    const call = `${req.method} ${url.pathname}`;

    if (isEvents && req.method === "POST") {
      const outcome = enqueue(raw);
      if (outcome.ok) events.push(outcome.event);
      else errors.record(outcome.status, { call, argKeys: jsonKeys(raw), error: brief(outcome) });
      return reply(outcome.status, outcome.response);
    }
    const rest = route(req.method ?? "", url, req.headers.authorization);
    if (rest === notFound) unexpected.push(`${req.method} ${url.pathname}${url.search}`);
    if (rest.status >= 400) {
      const argKeys = [...new Set(url.searchParams.keys())];
      errors.record(rest.status, { call, argKeys, error: brief(rest) });
    }
    reply(rest.status, rest.body);
  });

  const route = (method: string, url: URL, auth: string | undefined): RestReply => {
    const known = method === "GET" && (url.pathname === "/oncalls" || /^\/users\/[^/]+$/.test(url.pathname));
    if (!known) return notFound;
    if (auth !== `Token token=${apiToken}`) return authFailed;
    if (url.pathname === "/oncalls") return listOncalls(apiUrl, oncalls, url.searchParams);
    const user = users.get(decodeURIComponent(url.pathname.slice("/users/".length)));
    return user ? { status: 200, body: { user: renderUser(apiUrl, user, true) } } : notFound;
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  apiUrl = `https://127.0.0.1:${port}/`;

  const describe = () =>
    [
      `PagerDuty fake: ${requests.length} request(s), ${events.length} accepted event(s)`,
      ...requests.map(
        (r) =>
          `  ${new Date(r.at).toISOString().slice(11, 23)} ${r.method} ${r.path}${r.query} → ${r.status} ${r.body.slice(0, 160)}`,
      ),
      ...unexpected.map((u) => `  UNEXPECTED ${u}`),
    ].join("\n");

  return {
    eventsHost: `127.0.0.1:${port}`,
    apiUrl,
    apiToken,
    caPath: PAGERDUTY_FAKE_CA_PATH,
    events,
    requests,
    unexpected,
    setOncalls,
    addUser: (user) => void users.set(user.id, user),
    get unexpectedErrors() {
      return errors.pending();
    },
    allowErrors: errors.allow,
    failNext: (status, count = 1, target = "events") => {
      failures[target].push(...Array<number>(count).fill(status));
    },
    failFor: (ms, status) => {
      failing = ms > 0 ? { until: Date.now() + ms, status } : null;
    },
    hang: (on) => {
      hanging = on;
      if (!on) {
        for (const res of held) res.destroy();
        held.clear();
      }
    },
    get hanging() {
      return held.size;
    },
    setDown: (value) => {
      down = value;
      if (value) for (const socket of sockets) socket.destroy();
    },
    waitFor: (predicate, timeoutMs = 5000) => waitFor(predicate, { timeoutMs, describe }),
    describe,
    reset: () => {
      events.length = 0;
      requests.length = 0;
      unexpected.length = 0;
      failures.events.length = 0;
      failures.rest.length = 0;
      down = false;
      failing = null;
      hanging = false;
      for (const res of held) res.destroy();
      held.clear();
      users.clear();
      setOncalls(opts.oncalls ?? []);
    },
    close: async () => {
      errors.close();
      for (const res of held) res.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
