/**
 * A small cache every replica reads (Redis), for answers the replicas must give alike (who is on
 * call, people's names). It never throws and never waits long: while it is away, `get` finds
 * nothing and `remember` keeps nothing, and each replica falls back to its own memory.
 */
export interface SharedCache {
  get(key: string): Promise<string | null>;
  /**
   * Keeps `value` under `key` for `ttlMs`, unless a value is kept already (another replica asked
   * first); returns the value kept, so every replica goes on with the same answer.
   */
  remember(key: string, value: string, ttlMs: number): Promise<string>;
  /** Keeps `value` under `key` for `ttlMs`, replacing what was kept. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
}
