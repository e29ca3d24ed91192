import { correctTimeline } from "../../../../app/timeline/correct-timeline.js";
import { exportReview } from "../../../../app/review/export-review.js";
import { type Incident, incidentRef } from "../../../../domain/incident/incident.js";
import type { IncidentCommand } from "../../../../domain/incident/slash-command.js";
import type { ListenerContext } from "../context.js";

type TimelineCommand = Extract<IncidentCommand, { name: "timeline" | "timeline-fix" | "timeline-detected" }>;

/** `/incident timeline [zone]` uploads the review; `/incident timeline fix …` records a correction. */
export async function timelineCommand(
  ctx: ListenerContext,
  cmd: TimelineCommand,
  incident: Incident,
  actor: string,
): Promise<string> {
  const deps = ctx.deps;
  if (cmd.name === "timeline-fix" || cmd.name === "timeline-detected") {
    const seq = cmd.name === "timeline-fix" ? cmd.seq : "detected";
    const result = correctTimeline(deps, { incident, seq, value: cmd.value, actor });
    switch (result.kind) {
      case "corrected":
        return `:pencil2: ${result.event.text}. Recorded as #${result.event.seq}; the original stays in the log.`;
      case "unchanged":
        return "The log already says that; nothing recorded.";
      case "no-such-entry":
        return `:warning: There is no entry #${result.seq} in ${incidentRef(incident)}'s timeline. \`/incident timeline\` shows the numbers.`;
      case "not-correctable":
        return `:no_entry: ${result.reason}.`;
    }
  }
  const exported = await exportReview(deps, incident.id, "md", cmd.tz, (ids) =>
    deps.messageSource.userNames(ids),
  );
  if (exported.kind !== "md" || !incident.channelId)
    return ":warning: That incident no longer exists in the IMOC log.";
  const ref = incidentRef(incident);
  await deps.messageSource.uploadFile(incident.channelId, {
    filename: `${ref.toLowerCase()}-review.md`,
    title: `${ref} post-incident review`,
    content: exported.markdown,
    comment: `:page_facing_up: ${ref} post-incident review from the IMOC log (${exported.review.events.length} events, times in ${cmd.tz}).`,
  });
  return `:white_check_mark: Uploaded the ${ref} review to the channel.`;
}
