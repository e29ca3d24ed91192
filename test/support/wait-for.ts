type Truthy<T> = Exclude<T, false | 0 | "" | null | undefined>;

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Called only on timeout, so a failing test shows what the fake actually saw. */
  describe?: () => string;
}

/**
 * Polls instead of subscribing: the bot reaches the fakes over real HTTP from timers and queue
 * workers, so there is no single event to await. A predicate that throws counts as "not yet"
 * (e.g. indexing a message that has not arrived), and its last error is reported on timeout.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  { timeoutMs = 5000, intervalMs = 20, describe }: WaitForOptions = {},
): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as Truthy<T>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const parts = [`waitFor: condition not met within ${timeoutMs}ms`];
  if (lastError !== undefined) {
    parts.push(`last predicate error: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
  }
  if (describe) parts.push(describe());
  throw new Error(parts.join("\n"));
}
