import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEventsApiPager } from "../../src/adapters/pagerduty/events-api-pager.js";
import type { Logger } from "../../src/ports/logger.js";
import { fakeRoutingKey, type PagerDutyFake, startPagerDutyFake } from "../support/pagerduty-fake.js";

const tls = (name: string) => fileURLToPath(new URL(`../support/tls/${name}`, import.meta.url));
const logged: unknown[] = [];
const logger: Logger = {
  info: (o) => void logged.push(o),
  warn: (o) => void logged.push(o),
  error: (o) => void logged.push(o),
  debug: () => {},
  child: () => logger,
};
let pd: PagerDutyFake;
beforeAll(async () => {
  pd = await startPagerDutyFake();
});
afterAll(async () => {
  await pd?.close();
});

const key = fakeRoutingKey("primary");
const page = (dedupKey: string) => ({
  routingKey: key,
  dedupKey,
  summary: "[SEV-1] INC-1 Checkout down",
  severity: "critical" as const,
  source: "imoc",
});

describe("the Events API pager against the Events API v2 fake (TLS)", () => {
  const pager = () => createEventsApiPager({ server: pd.eventsHost, logger });

  it("triggers and resolves with the dedup key", async () => {
    expect(await pager().trigger(page("imoc-inc-1-primary"))).toEqual({ ok: true });
    expect(await pager().resolve(key, "imoc-inc-1-primary")).toEqual({ ok: true });
    expect(pd.events.map((e) => [e.action, e.dedupKey, e.generatedDedupKey])).toEqual([
      ["trigger", "imoc-inc-1-primary", false],
      ["resolve", "imoc-inc-1-primary", false],
    ]);
  });

  it("a 5xx is a transient failure after one request: the escalation job retries, not the pager", async () => {
    pd.failNext(500, 1);
    const before = pd.requests.length;
    expect(await pager().trigger(page("imoc-inc-2-primary"))).toMatchObject({
      ok: false,
      permanent: false,
      code: "http_500",
    });
    expect(pd.requests.length - before).toBe(1);
    expect(await pager().trigger(page("imoc-inc-2-primary"))).toEqual({ ok: true });
  });

  it("a network error is a transient failure", async () => {
    pd.setDown(true);
    const result = await pager().trigger(page("imoc-inc-3-primary"));
    pd.setDown(false);
    expect(result).toMatchObject({ ok: false, permanent: false });
  });

  it("a PagerDuty that accepts the connection and never answers times out", async () => {
    const server = createServer({
      key: readFileSync(tls("server-key.pem")),
      cert: readFileSync(tls("server-cert.pem")),
    });
    server.on("request", () => {}); // never answers
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const host = `localhost:${(server.address() as AddressInfo).port}`;
      const started = Date.now();
      const result = await createEventsApiPager({ server: host, logger, timeoutMs: 300 }).trigger(
        page("imoc-inc-5-primary"),
      );
      expect(result).toMatchObject({ ok: false, permanent: false, code: "timeout" });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("does not retry a 4xx, and never logs the routing key", async () => {
    pd.failNext(400, 1);
    expect(await pager().trigger(page("imoc-inc-4-primary"))).toMatchObject({
      ok: false,
      permanent: true,
      code: "http_400",
    });
    expect(JSON.stringify(logged)).not.toContain(key);
    expect(pd.unexpected).toEqual([]);
  });
});
