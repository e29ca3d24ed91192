import { Router } from "express";
import { INCIDENT_STATUSES } from "../../domain/incident/incident.js";
import { SEVERITIES } from "../../domain/incident/severity.js";
import type { IncidentStore } from "../../ports/incident-store.js";

export interface MetricsOptions {
  incidents: Pick<IncidentStore, "countBySeverityAndStatus">;
  startedAt: Date;
  now: () => Date;
}

/**
 * `GET /metrics` in Prometheus text format: enough to alert on the bot itself (is it up, are
 * incidents piling up open) without a metrics library.
 */
export function metricsRouter(options: MetricsOptions): Router {
  const http = Router();
  http.get("/metrics", (_req, res) => {
    const counts = new Map<string, number>();
    for (const row of options.incidents.countBySeverityAndStatus()) {
      counts.set(`${row.severity}/${row.status}`, row.count);
    }
    const lines = [
      "# HELP imoc_incidents Incidents in the IMOC log by severity and status (drills excluded).",
      "# TYPE imoc_incidents gauge",
    ];
    for (const severity of SEVERITIES) {
      for (const status of INCIDENT_STATUSES) {
        lines.push(
          `imoc_incidents{severity="${severity}",status="${status}"} ${counts.get(`${severity}/${status}`) ?? 0}`,
        );
      }
    }
    lines.push(
      "# HELP imoc_uptime_seconds Seconds since this bot process started.",
      "# TYPE imoc_uptime_seconds gauge",
      `imoc_uptime_seconds ${Math.round((options.now().getTime() - options.startedAt.getTime()) / 1000)}`,
    );
    res.type("text/plain; version=0.0.4").send(`${lines.join("\n")}\n`);
  });
  return http;
}
