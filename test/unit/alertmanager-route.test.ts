import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { alertmanagerRouter, bearerMatches } from "../../src/adapters/alerts/alertmanager-route.js";
import type { Deps } from "../../src/app/deps.js";

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function serve(token: string | undefined): Promise<string> {
  const app = express();
  // No request gets past the token check here, so the use case's dependencies are never touched.
  app.use(alertmanagerRouter({ token, deps: {} as Deps }));
  const server = app.listen(0);
  servers.push(server);
  await new Promise((r) => server.once("listening", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("POST /alerts/alertmanager without ALERTS_TOKEN", () => {
  it("answers 503 saying to set ALERTS_TOKEN", async () => {
    const url = await serve(undefined);
    const res = await fetch(`${url}/alerts/alertmanager`, { method: "POST", body: "{}" });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ message: "set ALERTS_TOKEN to take alerts" });
  });
});

describe("bearer token check", () => {
  it("takes only `Bearer <token>`, whatever the lengths", () => {
    const token = "0123456789abcdef0123";
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches("Bearer ", token)).toBe(false);
    expect(bearerMatches(undefined, token)).toBe(false);
  });
});
