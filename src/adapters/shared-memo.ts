import type { SharedCache } from "../ports/shared-cache.js";

export interface Remembered<T> {
  value: T;
  /** When the source gave it (ms), to whichever replica asked. */
  at: number;
}

/**
 * A replica's memory of answers from a slow or rate-limited source (PagerDuty, Slack), shared
 * with the other replicas through `shared`: an answer is kept with the time it was fetched, so
 * every replica gives the same one until it is `ttlMs` old, and the source is asked once per key
 * and period, not once per replica. Without `shared` (or while Redis is away) it is this
 * process's memory alone.
 */
export function sharedMemo<T>(o: {
  shared?: SharedCache | undefined;
  /** Key space in the shared cache ("oncall", "user-name"). */
  name: string;
  ttlMs: number;
  now: () => number;
  /** To and from JSON (Dates as strings). */
  encode?: (value: T) => unknown;
  decode?: (raw: unknown) => T;
}) {
  const local = new Map<string, Remembered<T>>();
  const encode = o.encode ?? ((v: T) => v);
  const decode = o.decode ?? ((raw: unknown) => raw as T);
  const fresh = (e: Remembered<T>) => o.now() - e.at < o.ttlMs;
  const parse = (raw: string): Remembered<T> | null => {
    try {
      const data = JSON.parse(raw) as { at?: unknown; value?: unknown };
      return typeof data.at === "number" ? { at: data.at, value: decode(data.value) } : null;
    } catch {
      return null;
    }
  };
  return {
    /** The answer known here or by another replica, while it is fresh. */
    async get(key: string): Promise<Remembered<T> | null> {
      const hit = local.get(key);
      if (hit && fresh(hit)) return hit;
      const raw = await o.shared?.get(`${o.name}:${key}`);
      const shared = raw ? parse(raw) : null;
      if (!shared || !fresh(shared)) return null;
      local.set(key, shared);
      return shared;
    },
    /** The last answer this replica knew, however old (better than nothing while the source is away). */
    last: (key: string): Remembered<T> | null => local.get(key) ?? null,
    /** Keeps a new answer; returns the one kept (another replica's, when it answered first). */
    async remember(key: string, value: T, at: number): Promise<Remembered<T>> {
      const ours: Remembered<T> = { value, at };
      let entry = ours;
      if (o.shared) {
        const [shared, ttl] = [o.shared, o.ttlMs - (o.now() - at)];
        const raw = JSON.stringify({ at, value: encode(value) });
        const kept = parse(await shared.remember(`${o.name}:${key}`, raw, ttl));
        if (kept && fresh(kept)) entry = kept;
        // What was kept is older than this replica's clock allows (clocks differ a little): ours replaces it.
        else await shared.set(`${o.name}:${key}`, raw, ttl);
      }
      local.set(key, entry);
      return entry;
    },
  };
}
