import { event } from "@pagerduty/pdjs";
import type { Logger } from "../../ports/logger.js";
import type { Pager, PagerResult } from "../../ports/pager.js";

export interface PdjsPagerOptions {
  /** PAGERDUTY_EVENTS_HOST: pdjs builds `https://${server}/v2/enqueue`. */
  server: string;
  logger: Logger;
  /** Backoff between attempts on 5xx, 429 and network errors, in ms. */
  backoffMs?: number[];
  timeoutMs?: number;
}

/**
 * The Pager port on pdjs `event()`. 5xx, 429 and network errors are retried with backoff; a 4xx
 * is permanent (a wrong key does not get better). Routing keys are secrets: never logged.
 */
export function createPdjsPager(options: PdjsPagerOptions): Pager {
  const backoff = options.backoffMs ?? [500, 1000, 2000];
  const send = async (data: Record<string, unknown>, label: string): Promise<PagerResult> => {
    let last: PagerResult = {
      ok: false,
      permanent: false,
      code: "not_sent",
      message: "not sent",
      attempts: 0,
    };
    for (let attempt = 1; attempt <= backoff.length + 1; attempt++) {
      try {
        const res = await event({
          server: options.server,
          data: data as never,
          requestTimeout: options.timeoutMs ?? 10_000,
          retryTimeout: 500,
        } as never);
        if (res.status >= 200 && res.status < 300) return { ok: true, attempts: attempt };
        const body = res.data as { message?: string; errors?: string[] } | undefined;
        const message = [body?.message, ...(body?.errors ?? [])].filter(Boolean).join(": ") || res.statusText;
        const permanent = res.status >= 400 && res.status < 500 && res.status !== 429;
        last = { ok: false, permanent, code: `http_${res.status}`, message, attempts: attempt };
        if (permanent) break;
      } catch (error) {
        const code = (error as { code?: string }).code ?? (error as Error).name ?? "network_error";
        last = { ok: false, permanent: false, code, message: (error as Error).message, attempts: attempt };
      }
      options.logger.warn(
        { action: label, attempt, code: last.ok ? "" : last.code },
        "PagerDuty event failed",
      );
      const wait = backoff[attempt - 1];
      if (wait !== undefined) await new Promise((r) => setTimeout(r, wait));
    }
    return last;
  };
  return {
    trigger: (req) =>
      send(
        {
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
        },
        "trigger",
      ),
    resolve: (routingKey, dedupKey) =>
      send({ routing_key: routingKey, event_action: "resolve", dedup_key: dedupKey }, "resolve"),
  };
}
