import type { Incident } from "../../domain/incident/incident.js";
import { buildReview, type Review, slackUsersIn } from "../../domain/review/review.js";
import { reviewToJson } from "../../domain/review/review-json.js";
import { renderReviewMarkdown } from "../../domain/review/review-markdown.js";
import { evidenceIn } from "../../domain/custody/evidence-list.js";
import type { ReviewCustody } from "../../domain/review/review-custody.js";
import { type CheckpointDeps, takeCheckpoint } from "../custody/take-checkpoint.js";
import { keepsEvidence } from "../custody/copy-evidence.js";
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
  deps: Pick<Deps, "incidents" | "timeline" | "clock"> & Partial<CheckpointDeps & Pick<Deps, "accessLog">>,
  incidentId: number,
  format: ReviewFormat,
  zone = "UTC",
  names?: NameLookup,
): Promise<ExportResult> {
  const incident = deps.incidents.get(incidentId);
  if (!incident) return { kind: "not-found" };
  // Every export carries a signed checkpoint of the log it shows (a new one if the log moved).
  const custodyOf = custodyPart(deps, incident, incidentId);
  // Markdown shows only the head hash, so it reads the log without the per-event hashes; the
  // JSON carries the chained events in full.
  const events =
    format === "md" && deps.timeline.headHash
      ? deps.timeline.list(incidentId, { hashes: false })
      : deps.timeline.list(incidentId);
  const head = format === "md" && deps.timeline.headHash ? deps.timeline.headHash(incidentId) : undefined;
  const people = names ? await names(slackUsersIn(incident, events)).catch(() => ({})) : {};
  const review = buildReview(incident, events, deps.clock.now(), head, people);
  if (custodyOf) review.custody = custodyOf(events);
  return format === "md"
    ? { kind: "md", incident, review, markdown: renderReviewMarkdown(review, zone) }
    : { kind: "json", incident, review, json: reviewToJson(review, zone) };
}

/** Takes the export's checkpoint now; the evidence list is built from the events exported. */
function custodyPart(
  deps: Partial<CheckpointDeps & Pick<Deps, "accessLog">> & Pick<Deps, "incidents" | "timeline" | "clock">,
  incident: Incident,
  incidentId: number,
): ((events: Review["events"]) => ReviewCustody) | null {
  const { checkpoints, custody, accessLog } = deps;
  if (!checkpoints || !custody || !accessLog || !deps.outbox || !deps.transaction || !deps.logger)
    return null;
  takeCheckpoint(deps as CheckpointDeps, incidentId, "export");
  const messages = keepsEvidence({ custody }, incident);
  return (events) => ({
    checkpoints: checkpoints.list(incidentId).map(({ entries: _, id: __, ...c }) => c),
    // A message's evidence hash is its event's: the Markdown read leaves hashes out.
    evidence: evidenceIn(
      messages && !events.at(-1)?.hash ? deps.timeline.list(incidentId) : events,
      messages,
    ),
    access: incident.security ? accessLog.list(incidentId) : [],
    accessLogged: incident.security,
    evidenceKept: messages,
  });
}
