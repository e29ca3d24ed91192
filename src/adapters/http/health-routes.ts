import { Router } from "express";

export interface HealthChecks {
  [name: string]: () => Promise<void> | void;
}

/**
 * `/healthz`: the process is up. `/readyz`: its dependencies answer (database, Redis); a load
 * balancer stops sending traffic while one does not.
 */
export function healthRouter(checks: HealthChecks): Router {
  const http = Router();
  http.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  http.get("/readyz", async (_req, res) => {
    const results: Record<string, string> = {};
    let ready = true;
    for (const [name, check] of Object.entries(checks)) {
      try {
        await check();
        results[name] = "ok";
      } catch (error) {
        ready = false;
        results[name] = error instanceof Error ? error.message : String(error);
      }
    }
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not ready", checks: results });
  });
  return http;
}
