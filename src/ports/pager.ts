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

export type PagerResult =
  | { ok: true; attempts: number }
  /** `permanent`: a 4xx (bad key, invalid event) that retrying cannot fix. */
  | { ok: false; permanent: boolean; code: string; message: string; attempts: number };

export interface Pager {
  trigger(request: PageRequest): Promise<PagerResult>;
  resolve(routingKey: string, dedupKey: string): Promise<PagerResult>;
}
