import { Router } from "express";

export interface HealthChecks {
  [name: string]: () => Promise<void> | void;
}

/** A check that has not answered by then counts as failed: `/readyz` answers within a second. */
export const CHECK_TIMEOUT_MS = 800;

async function bounded(check: () => Promise<void> | void, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([Promise.resolve().then(check), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz`: the process is up. `/readyz`: its dependencies answer (database, Redis), each
 * within a bound, all at once; a load balancer stops sending traffic while one does not, and the
 * answer names what is down.
 */
export function healthRouter(checks: HealthChecks): Router {
  const http = Router();
  http.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  http.get("/readyz", async (_req, res) => {
    const results: Record<string, string> = {};
    const down: string[] = [];
    await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await bounded(check, name);
          results[name] = "ok";
        } catch (error) {
          down.push(name);
          results[name] = error instanceof Error ? error.message : String(error);
        }
      }),
    );
    const ready = down.length === 0;
    res.status(ready ? 200 : 503).json({
      status: ready ? "ready" : `not ready: ${down.sort().join(", ")} down`,
      checks: results,
    });
  });
  return http;
}
