import { Router } from "express";
import type { Deps } from "../../app/deps.js";
import { statusComponents } from "../../app/status-page/publish-status.js";
import { buildStatusPage } from "../../domain/status-page/status-page.js";
import { statusPageAtom, statusPageHtml, statusPageJson } from "./status-page-render.js";

const TITLE = "Service status";

/**
 * The public status page: `GET /status` (HTML), `/status.json`, `/status.atom`. No login: it shows
 * only what people published (`/incident statuspage`), never the record behind it.
 */
export function statusPageRouter(
  deps: Pick<Deps, "clock" | "statusPublications" | "matrix" | "playbooks" | "statusPageUrl">,
): Router {
  const http = Router();
  const view = () => buildStatusPage(deps.statusPublications.all(), statusComponents(deps), deps.clock.now());
  http.use(["/status", "/status.json", "/status.atom"], (_req, res, next) => {
    // Nothing to run and nothing to fetch: a pasted <script> could not run even if it escaped.
    res.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'");
    res.set("Cache-Control", "public, max-age=15");
    res.set("X-Content-Type-Options", "nosniff");
    next();
  });
  http.get("/status", (_req, res) => void res.type("html").send(statusPageHtml(view(), TITLE)));
  http.get("/status.json", (_req, res) => void res.json(statusPageJson(view(), deps.statusPageUrl())));
  http.get(
    "/status.atom",
    (_req, res) =>
      void res
        .type("application/atom+xml; charset=utf-8")
        .send(statusPageAtom(view(), TITLE, deps.statusPageUrl(), deps.clock.now())),
  );
  return http;
}
