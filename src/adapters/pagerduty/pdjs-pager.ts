import { Agent } from "node:https";
import { event } from "@pagerduty/pdjs";
import type { EventParameters, EventPayloadV2 } from "@pagerduty/pdjs/build/src/events.js";
import type { Logger } from "../../ports/logger.js";
import type { Pager, PagerResult } from "../../ports/pager.js";

export interface PdjsPagerOptions {
  /** PAGERDUTY_EVENTS_HOST: pdjs builds `https://${server}/v2/enqueue`. */
  server: string;
  logger: Logger;
  /** How long one request may take before it counts as a transient failure (default 10 s). */
  timeoutMs?: number;
  /** pdjs `event()`; a test passes its own to simulate a PagerDuty that never answers. */
  send?: (
    parameters: EventParameters & { agent?: Agent },
  ) => Promise<{ status: number; statusText: string; data?: unknown }>;
}

class PagerTimeout extends Error {
  readonly code = "timeout";
}

/**
 * The Pager port on pdjs `event()`: one attempt per call, classified. 2xx is delivered; 429, 5xx,
 * timeouts and network errors are transient (the escalation job retries with backoff); any
 * other 4xx is permanent (a wrong key does not get better). Routing keys are secrets: never logged.
 */
export function createPdjsPager(options: PdjsPagerOptions): Pager {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const send = options.send ?? event;
  // pdjs 2.2.4 fetches with node-fetch 2 (through cross-fetch), which passes `agent` through: one
  // kept-alive TLS connection pool instead of a handshake per event. A timed-out request's socket
  // is destroyed by the abort, so a hung PagerDuty never poisons the pool.
  const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: timeoutMs });
  const attempt = async (data: EventPayloadV2): Promise<PagerResult> => {
    // pdjs ignores `requestTimeout`: the signal aborts the socket, the race bounds pdjs's own
    // waits (it sleeps `retryTimeout` between up to 3 resends of a 429).
    const signal = AbortSignal.timeout(timeoutMs);
    const timedOut = new Promise<never>((_, reject) =>
      signal.addEventListener("abort", () => reject(new PagerTimeout(`no answer within ${timeoutMs} ms`)), {
        once: true,
      }),
    );
    try {
      const res = await Promise.race([
        send({ server: options.server, data, retryTimeout: 500, signal, agent }),
        timedOut,
      ]);
      if (res.status >= 200 && res.status < 300) return { ok: true };
      const body = res.data as { message?: string; errors?: string[] } | undefined;
      const message = [body?.message, ...(body?.errors ?? [])].filter(Boolean).join(": ") || res.statusText;
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 429;
      return { ok: false, permanent, code: `http_${res.status}`, message };
    } catch (error) {
      const code =
        error instanceof PagerTimeout
          ? error.code
          : ((error as { code?: string }).code ?? (error as Error).name ?? "network_error");
      return { ok: false, permanent: false, code, message: (error as Error).message };
    }
  };
  const sendLogged = async (data: EventPayloadV2): Promise<PagerResult> => {
    const result = await attempt(data);
    if (!result.ok) {
      options.logger.warn(
        { action: data.event_action, code: result.code, permanent: result.permanent },
        "PagerDuty event failed",
      );
    }
    return result;
  };
  return {
    trigger: (req) =>
      sendLogged({
        routing_key: req.routingKey,
        event_action: "trigger",
        dedup_key: req.dedupKey,
        payload: {
          summary: req.summary,
          source: req.source,
          severity: req.severity,
          timestamp: new Date().toISOString(),
          custom_details: req.details ?? {},
        },
        ...(req.link ? { links: [req.link] } : {}),
      }),
    // PagerDuty accepts a resolve or acknowledge without a payload; pdjs's type wants one always.
    resolve: (routingKey, dedupKey) =>
      sendLogged({ routing_key: routingKey, event_action: "resolve", dedup_key: dedupKey } as EventPayloadV2),
    acknowledge: (routingKey, dedupKey) =>
      sendLogged({
        routing_key: routingKey,
        event_action: "acknowledge",
        dedup_key: dedupKey,
      } as EventPayloadV2),
  };
}
