import type { Incident } from "../domain/incident.js";
import { buildReview, type Review } from "../domain/review.js";
import { reviewToJson } from "../domain/review-json.js";
import { renderReviewMarkdown } from "../domain/review-markdown.js";
import type { AppDeps } from "./deps.js";

export type ReviewFormat = "md" | "json";

export type ExportResult =
  | { kind: "ok"; incident: Incident; review: Review; markdown: string; json: Record<string, unknown> }
  | { kind: "not-found" };

/** Pulls the post-incident review of one incident from the IMOC log, in both formats. */
export function exportReview(deps: AppDeps, incidentId: number, zone = "UTC"): ExportResult {
  const incident = deps.incidents.get(incidentId);
  if (!incident) return { kind: "not-found" };
  const review = buildReview(incident, deps.timeline.list(incidentId), deps.clock.now());
  return {
    kind: "ok",
    incident,
    review,
    markdown: renderReviewMarkdown(review, zone),
    json: reviewToJson(review, zone),
  };
}
