/** Paging through PagerDuty's Events API v2. Expected failures are returned, not thrown. */
export interface PageRequest {
  routingKey: string;
  dedupKey: string;
  summary: string;
  severity: "critical" | "error" | "warning" | "info";
  source: string;
  link?: { href: string; text: string };
  details?: Record<string, unknown>;
}

/**
 * One attempt's answer. `permanent`: a 4xx (bad key, invalid event) that retrying cannot fix;
 * otherwise (429, 5xx, timeout, network) the caller retries later, the pager does not wait.
 */
export type PagerResult = { ok: true } | { ok: false; permanent: boolean; code: string; message: string };

export interface Pager {
  trigger(request: PageRequest): Promise<PagerResult>;
  resolve(routingKey: string, dedupKey: string): Promise<PagerResult>;
  /** PagerDuty stops notifying and escalating the alert with this dedup key. */
  acknowledge(routingKey: string, dedupKey: string): Promise<PagerResult>;
}
