import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { z } from "zod";
import { reportFor } from "../../../app/review/build-report.js";
import { exportReview } from "../../../app/review/export-review.js";
import type { Deps } from "../../../app/deps.js";
import { recordAccess } from "../../../app/custody/record-access.js";
import { verifyTimeline } from "../../../app/timeline/verify-timeline.js";
import type { Incident } from "../../../domain/incident/incident.js";
import { type ApiAccess, type ApiTokens, apiError, bearerAuth } from "./auth.js";
import { followupRoutes } from "./followup-routes.js";
import { openApiDocument } from "./openapi.js";
import { incidentParams, issuesOf, listQuery, reportQuery, timelineQuery } from "./schemas.js";
import { verifyJson } from "./verify-json.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const incidentJson = (i: Incident) => ({
  ...i,
  declaredAt: iso(i.declaredAt),
  acknowledgedAt: iso(i.acknowledgedAt),
  mitigatedAt: iso(i.mitigatedAt),
  resolvedAt: iso(i.resolvedAt),
});

function parse<S extends z.ZodType>(schema: S, input: unknown, res: Response): z.output<S> | null {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = issuesOf(result.error);
  apiError(res, 400, "invalid_request", issues.join("; "), { issues });
  return null;
}

/** `GET /api/...` (mount it at `/api`): read-only access to incidents and the IMOC log. */
export function apiRouter(deps: Deps, tokens: ApiTokens): Router {
  const logger = deps.logger.child({ component: "api" });
  const api = express.Router();
  api.get("/openapi.json", (_req, res) => void res.json(openApiDocument()));
  // Public by nature: whoever keeps an export or the audit channel checks checkpoints with it.
  api.get("/audit/public-key", (_req, res) => {
    const signer = deps.custody.signer;
    if (!signer)
      return apiError(
        res,
        404,
        "unsigned",
        "AUDIT_SIGNING_KEY is not set: checkpoints are unsigned (hash only).",
      );
    res.type("application/x-pem-file").set("x-key-id", signer.keyId).send(signer.publicKeyPem);
  });
  api.use(bearerAuth(tokens));
  const access = (res: Response) => res.locals.access as ApiAccess;

  // Security incidents a token may not see answer 404, like incidents that do not exist.
  const incidentFor = (req: Request, res: Response): Incident | null => {
    const params = parse(incidentParams, req.params, res);
    if (!params) return null;
    const incident = deps.incidents.get(params.n);
    if (!incident || (incident.security && !access(res).includeSecurity)) {
      apiError(res, 404, "incident_not_found", `There is no incident ${params.n} you may see.`);
      return null;
    }
    // Who saw what: reads of security incidents land in their access log.
    const what = req.path.replace(/^\/incidents\/[^/]+\/?/, "") || "incident";
    const format = typeof req.query.format === "string" ? ` (${req.query.format})` : "";
    recordAccess(deps, { incident, who: "api:full-token", what: `${what}${format}`, via: "api" });
    return incident;
  };

  api.get("/incidents", (req, res) => {
    const q = parse(listQuery, req.query, res);
    if (!q) return;
    const page = deps.log.findIncidents({ ...q, includeSecurity: access(res).includeSecurity });
    const next = q.offset + page.incidents.length < page.total ? q.offset + q.limit : null;
    res.json({
      items: page.incidents.map(incidentJson),
      total: page.total,
      limit: q.limit,
      offset: q.offset,
      nextOffset: next,
    });
  });

  api.get("/incidents/:n", (req, res) => {
    const incident = incidentFor(req, res);
    if (incident) res.json(incidentJson(incident));
  });

  api.get("/incidents/:n/timeline", async (req, res) => {
    const q = parse(timelineQuery, req.query, res);
    const incident = q && incidentFor(req, res);
    if (!q || !incident) return;
    if (q.format === "events")
      return void res.json({ incident: incident.id, events: deps.timeline.list(incident.id) });
    const exported = await exportReview(deps, incident.id, q.format, q.tz, (ids) =>
      deps.messageSource.userNames(ids),
    );
    if (exported.kind === "md") return void res.type("text/markdown; charset=utf-8").send(exported.markdown);
    if (exported.kind === "json") return void res.json(exported.json);
    apiError(res, 404, "incident_not_found", "The incident disappeared.");
  });

  api.get("/incidents/:n/timeline/verify", (req, res) => {
    const incident = incidentFor(req, res);
    if (!incident) return;
    const result = verifyTimeline(deps, incident.id);
    if (result.kind !== "verified")
      return apiError(res, 404, "incident_not_found", "The incident disappeared.");
    res.json(verifyJson(incident.id, result.verdict, result.custody));
  });

  api.get("/reports", (req, res) => {
    const q = parse(reportQuery, req.query, res);
    if (!q) return;
    const { report } = reportFor(deps.log, q, access(res).includeSecurity, deps.alerts);
    res.json({ ...report, from: iso(report.from), to: iso(report.to) });
  });

  api.use(followupRoutes(deps));

  // Express 5 passes rejected handlers here: answer JSON with a stable code, log the cause.
  api.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    logger.error({ err: error }, "REST API request failed");
    apiError(res, 500, "internal_error", "The request failed; the cause is in the bot's log.");
  });
  api.use((_req: Request, res: Response) =>
    apiError(res, 404, "not_found", "No such API route; see /api/openapi.json."),
  );
  return api;
}
