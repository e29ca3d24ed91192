import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPdjsPager } from "../../src/adapters/pagerduty/pdjs-pager.js";
import type { Logger } from "../../src/ports/logger.js";
import { fakeRoutingKey, type PagerDutyFake, startPagerDutyFake } from "../support/pagerduty-fake.js";

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

describe("the pdjs pager against the Events API v2 fake (TLS)", () => {
  const pager = () => createPdjsPager({ server: pd.eventsHost, logger, backoffMs: [50, 100, 200] });

  it("triggers and resolves with the dedup key", async () => {
    expect(await pager().trigger(page("imoc-inc-1-primary"))).toEqual({ ok: true, attempts: 1 });
    expect(await pager().resolve(key, "imoc-inc-1-primary")).toEqual({ ok: true, attempts: 1 });
    expect(pd.events.map((e) => [e.action, e.dedupKey, e.generatedDedupKey])).toEqual([
      ["trigger", "imoc-inc-1-primary", false],
      ["resolve", "imoc-inc-1-primary", false],
    ]);
  });

  it("retries 5xx with backoff until PagerDuty takes it", async () => {
    pd.failNext(500, 2);
    expect(await pager().trigger(page("imoc-inc-2-primary"))).toEqual({ ok: true, attempts: 3 });
  });

  it("retries network errors and gives up with the last error", async () => {
    pd.setDown(true);
    const result = await pager().trigger(page("imoc-inc-3-primary"));
    pd.setDown(false);
    expect(result).toMatchObject({ ok: false, permanent: false, attempts: 4 });
  });

  it("does not retry a 4xx, and never logs the routing key", async () => {
    pd.failNext(400, 1);
    expect(await pager().trigger(page("imoc-inc-4-primary"))).toMatchObject({
      ok: false,
      permanent: true,
      code: "http_400",
      attempts: 1,
    });
    expect(JSON.stringify(logged)).not.toContain(key);
    expect(pd.unexpected).toEqual([]);
  });
});
