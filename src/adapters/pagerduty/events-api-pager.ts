import { Agent, request } from "node:https";
import type { EventPayloadV2 } from "@pagerduty/pdjs/build/src/events.js";
import type { Logger } from "../../ports/logger.js";
import type { Pager, PagerResult } from "../../ports/pager.js";

export interface EventsApiPagerOptions {
  /** PAGERDUTY_EVENTS_HOST: events go to `https://${server}/v2/enqueue` (as pdjs builds it). */
  server: string;
  logger: Logger;
  /** How long one request may take before it counts as a transient failure (default 10 s). */
  timeoutMs?: number;
  /** One POST to the Events API (`postEvent`); a test passes its own to simulate a PagerDuty that never answers. */
  send?: (parameters: EventRequest) => Promise<{ status: number; statusText: string; data?: unknown }>;
}

export interface EventRequest {
  server: string;
  data: EventPayloadV2;
  signal: AbortSignal;
}

/** Kept-alive TLS connections to the Events API: a burst of pages does not pay a handshake each. */
const keepAlive = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One Events API v2 request (`https.request` on a kept-alive agent; no retries of its own: BullMQ
 * does the retrying). Not pdjs 2.2.4's `event()`: it goes through node-fetch 2, which on a
 * kept-alive connection fails some accepted (202) events with "Premature close" (the retry then
 * pages twice), resends 429s itself and ignores its timeout. Node's fetch was 3-4 times slower
 * per event than this in `npm run bench:load`.
 */
export function postEvent({ server, data, signal }: EventRequest) {
  return new Promise<{ status: number; statusText: string; data?: unknown }>((resolve, reject) => {
    const body = JSON.stringify(data);
    const req = request(
      `https://${server}/v2/enqueue`,
      {
        method: "POST",
        agent: keepAlive,
        signal,
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", data: parsed });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

class PagerTimeout extends Error {
  readonly code = "timeout";
}

/**
 * The Pager port on the Events API v2: one attempt per call, classified. 2xx is delivered; 429, 5xx,
 * timeouts and network errors are transient (the escalation job retries with backoff); any
 * other 4xx is permanent (a wrong key does not get better). Routing keys are secrets: never logged.
 */
export function createEventsApiPager(options: EventsApiPagerOptions): Pager {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const send = options.send ?? postEvent;
  const attempt = async (data: EventPayloadV2): Promise<PagerResult> => {
    // The signal aborts the request (and its socket); the race bounds reading a body that hangs.
    const signal = AbortSignal.timeout(timeoutMs);
    const timedOut = new Promise<never>((_, reject) =>
      signal.addEventListener("abort", () => reject(new PagerTimeout(`no answer within ${timeoutMs} ms`)), {
        once: true,
      }),
    );
    try {
      const res = await Promise.race([send({ server: options.server, data, signal }), timedOut]);
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
