import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTracing } from "../../src/adapters/observability/tracing.js";
import { noTracer } from "../../src/ports/metrics.js";
import { secondsMatrixVars } from "../support/escalation-env.js";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import { readBody } from "../support/read-body.js";
import { waitFor } from "../support/wait-for.js";

/** An OTLP/HTTP collector in miniature: records the spans the bot exports as JSON. */
interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}
const spans: OtlpSpan[] = [];
const paths: string[] = [];
let collector: Server;
let endpoint = "";

beforeAll(async () => {
  collector = createServer(async (req, res) => {
    paths.push(`${req.method} ${req.url} ${req.headers["content-type"]}`);
    const body = JSON.parse((await readBody(req)).toString("utf8")) as {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
    };
    for (const rs of body.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((ok) => collector.listen(0, "127.0.0.1", ok));
  endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => collector.close(() => ok())));

const attribute = (span: OtlpSpan | undefined, key: string) => {
  const value = span?.attributes.find((a) => a.key === key)?.value;
  return value && Object.values(value)[0];
};

describe("tracing", () => {
  const h = useHarness(
    {},
    {
      pagerDuty: true,
      vars: ({ slack }) => ({ ...secondsMatrixVars(slack), OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }),
    },
  );
  const driver = incidentDriver(h);

  it("exports a declaration's span and its page's, in one trace, to OTEL_EXPORTER_OTLP_ENDPOINT", async () => {
    const { id } = await driver.declare("sev1", "Orders stuck");
    const ref = `INC-${id}`;
    const named = (name: string) => spans.find((s) => s.name === name && attribute(s, "incident") === ref);
    await waitFor(() => named("declare incident") && named("page"), { timeoutMs: 10_000, intervalMs: 200 });
    expect(paths[0]).toBe("POST /v1/traces application/json");
    const declared = named("declare incident")!;
    const page = named("page")!;
    expect(attribute(declared, "severity")).toBe("sev1");
    expect(attribute(page, "target")).toBe("primary");
    expect(attribute(page, "channel")).toBe("pagerduty");
    // The 0-minute page runs inside the declaration: same trace, under its escalation step.
    expect(page.traceId).toBe(declared.traceId);
    const step = spans.find((s) => s.spanId === page.parentSpanId);
    expect(step?.name).toBe("escalation step");
    expect(step?.parentSpanId).toBe(declared.spanId);
    // The span names the request's correlation id, to find its log lines.
    expect(attribute(declared, "imoc.correlation_id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("without OTEL_EXPORTER_OTLP_ENDPOINT", () => {
  it("starts nothing: spans are plain calls", async () => {
    const tracer = await startTracing(undefined);
    expect(tracer.span).toBe(noTracer.span);
    expect(await tracer.span("x", {}, async () => 42)).toBe(42);
    await tracer.stop();
  });
});
