import { describe, expect, it } from "vitest";
import { createEventsApiPager } from "../../src/adapters/pagerduty/events-api-pager.js";
import type { Logger } from "../../src/ports/logger.js";

const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
const page = {
  routingKey: "k".repeat(32),
  dedupKey: "imoc-inc-1-primary",
  summary: "[SEV-1] INC-1 Checkout down",
  severity: "critical" as const,
  source: "imoc",
};
const answering = (status: number, data: unknown = {}) => {
  let calls = 0;
  const send = async () => {
    calls++;
    return { status, statusText: `HTTP ${status}`, data };
  };
  return { send, calls: () => calls };
};

describe("the Events API pager: one attempt per call, classified", () => {
  it("a PagerDuty that never answers times out as a transient failure", async () => {
    const pager = createEventsApiPager({
      server: "events.example.com",
      logger: silent,
      timeoutMs: 50,
      send: () => new Promise(() => {}),
    });
    const started = Date.now();
    expect(await pager.trigger(page)).toMatchObject({ ok: false, permanent: false, code: "timeout" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each([
    [429, false],
    [500, false],
    [503, false],
    [400, true],
    [404, true],
  ])("HTTP %i is permanent: %s, after one request", async (status, permanent) => {
    const pd = answering(status, { message: "Nope", errors: ["why"] });
    const pager = createEventsApiPager({ server: "events.example.com", logger: silent, send: pd.send });
    expect(await pager.trigger(page)).toEqual({
      ok: false,
      permanent,
      code: `http_${status}`,
      message: "Nope: why",
    });
    expect(pd.calls()).toBe(1);
  });

  it("2xx is delivered", async () => {
    const pd = answering(202, { status: "success" });
    const pager = createEventsApiPager({ server: "events.example.com", logger: silent, send: pd.send });
    expect(await pager.resolve(page.routingKey, page.dedupKey)).toEqual({ ok: true });
  });
});
