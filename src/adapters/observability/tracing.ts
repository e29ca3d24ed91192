import { AsyncLocalStorage } from "node:async_hooks";
import { type Context, ROOT_CONTEXT, SpanStatusCode, trace } from "@opentelemetry/api";
import { noTracer, type Tracer } from "../../ports/metrics.js";
import { currentContext } from "./context.js";

export type StoppableTracer = Tracer & { stop(): Promise<void> };

/**
 * OpenTelemetry spans, exported over OTLP/HTTP to `${endpoint}/v1/traces`, only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set: otherwise nothing is started and spans are plain calls.
 * The provider is this bot's own (not registered globally: several bots may share a process), so
 * the parent span travels in a context of ours rather than OpenTelemetry's global one.
 */
export async function startTracing(
  endpoint: string | undefined,
  serviceName = "imoc",
): Promise<StoppableTracer> {
  if (!endpoint) return { ...noTracer, stop: async () => {} };
  // Loaded only when tracing is on: the SDK adds almost half a second to every start-up otherwise
  // (a restart after a crash is when a late page hurts most).
  const [
    { OTLPTraceExporter },
    { resourceFromAttributes },
    { BatchSpanProcessor, NodeTracerProvider },
    semconv,
  ] = await Promise.all([
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
    import("@opentelemetry/sdk-trace-node"),
    import("@opentelemetry/semantic-conventions"),
  ]);
  const { ATTR_SERVICE_NAME } = semconv;
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, "")}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 })],
  });
  const tracer = provider.getTracer("imoc");
  const active = new AsyncLocalStorage<Context>();
  return {
    span(name, attributes, fn) {
      const parent = active.getStore() ?? ROOT_CONTEXT;
      const correlation = currentContext()?.correlationId;
      const span = tracer.startSpan(
        name,
        { attributes: { ...attributes, ...(correlation ? { "imoc.correlation_id": correlation } : {}) } },
        parent,
      );
      return active.run(trace.setSpan(parent, span), async () => {
        try {
          return await fn({ set: (more) => span.setAttributes(more) });
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      });
    },
    // Sends what is buffered, then stops.
    stop: () => provider.shutdown(),
  };
}
