import type { Incident } from "../../domain/incident/incident.js";
import { buildReview, type Review, slackUsersIn } from "../../domain/review/review.js";
import { reviewToJson } from "../../domain/review/review-json.js";
import { renderReviewMarkdown } from "../../domain/review/review-markdown.js";
import type { Deps } from "../deps.js";

export type ReviewFormat = "md" | "json";

export type ExportResult =
  | { kind: "md"; incident: Incident; review: Review; markdown: string }
  | { kind: "json"; incident: Incident; review: Review; json: Record<string, unknown> }
  | { kind: "not-found" };

/** Display names of Slack users; a failed look-up leaves ids as they are. */
export type NameLookup = (userIds: string[]) => Promise<Record<string, string>>;

/** Pulls the post-incident review of one incident from the IMOC log, in the format asked for. */
export async function exportReview(
  deps: Pick<Deps, "incidents" | "timeline" | "clock">,
  incidentId: number,
  format: ReviewFormat,
  zone = "UTC",
  names?: NameLookup,
): Promise<ExportResult> {
  const incident = deps.incidents.get(incidentId);
  if (!incident) return { kind: "not-found" };
  // Markdown shows only the head hash, so it reads the log without the per-event hashes; the
  // JSON carries the chained events in full.
  const events =
    format === "md" && deps.timeline.headHash
      ? deps.timeline.list(incidentId, { hashes: false })
      : deps.timeline.list(incidentId);
  const head = format === "md" && deps.timeline.headHash ? deps.timeline.headHash(incidentId) : undefined;
  const people = names ? await names(slackUsersIn(incident, events)).catch(() => ({})) : {};
  const review = buildReview(incident, events, deps.clock.now(), head, people);
  return format === "md"
    ? { kind: "md", incident, review, markdown: renderReviewMarkdown(review, zone) }
    : { kind: "json", incident, review, json: reviewToJson(review, zone) };
}
