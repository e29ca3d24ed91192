import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/adapters/logging.js";
import { inContext, setContextIncident } from "../../src/adapters/observability/context.js";

function capture() {
  const out: string[] = [];
  const logger = createLogger("debug", { write: (s: string) => void out.push(s) });
  return {
    logger,
    lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => out.join(""),
  };
}

describe("the bot's logger", () => {
  it("redacts credentials where requests and HTTP client errors carry them", () => {
    const { logger, text } = capture();
    logger.info(
      { req: { headers: { authorization: "Bearer s3cret-1", cookie: "sid=s3cret-2" } } },
      "request",
    );
    logger.error({ err: { config: { headers: { Authorization: "Bearer s3cret-3" } } } }, "axios error");
    logger.warn(
      { headers: { "x-slack-signature": "v0=s3cret-4", "x-pagerduty-signature": "v1=s3cret-5" } },
      "sig",
    );
    logger.info(
      { env: { SLACK_BOT_TOKEN: "xoxb-s3cret-6" }, routing_key: "s3cret-7", secret: "s3cret-8" },
      "cfg",
    );
    // A Slack WebClient network error (RequestError) keeps the axios error, and its request, in `original`.
    logger.error(
      {
        err: {
          code: "slack_webapi_request_error",
          original: { config: { headers: { Authorization: "Bearer s3cret-9" } } },
        },
      },
      "slack request error",
    );
    for (let i = 1; i <= 9; i++) expect(text()).not.toContain(`s3cret-${i}`);
    expect(text()).toContain("[redacted]");
  });

  it("adds the correlation id and the incident of the work in progress to every line, and nothing outside it", async () => {
    const { logger, lines } = capture();
    logger.info({}, "before");
    await inContext({ correlationId: "req-1" }, async () => {
      logger.info({}, "inside");
      await new Promise((r) => setTimeout(r, 1));
      setContextIncident("INC-7");
      logger.child({ component: "x" }).info({}, "later, in a child");
    });
    expect(lines().map((l) => [l.msg, l.correlation_id, l.incident])).toEqual([
      ["before", undefined, undefined],
      ["inside", "req-1", undefined],
      ["later, in a child", "req-1", "INC-7"],
    ]);
  });
});
