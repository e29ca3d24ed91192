import { recordAccess } from "../../../../../app/custody/record-access.js";
import { exportReview } from "../../../../../app/review/export-review.js";
import { correctTimeline } from "../../../../../app/timeline/correct-timeline.js";
import { isTimeZone } from "../../../../../domain/time/time-zone.js";
import { type FixValue, parseFixValue } from "../../../../../domain/timeline/timeline-fix.js";
import { INCIDENT_GONE } from "../../../blocks/incident-replies.js";
import { correctionReply, reviewUpload, reviewUploadedReply } from "../../../blocks/timeline-replies.js";
import { accept, type Parsed, reject, type Subcommand } from "./subcommand.js";

type TimelineArgs =
  | { kind: "review"; tz: string }
  | { kind: "fix"; seq: number; value: FixValue }
  | { kind: "detected"; value: FixValue };

function parse(text: string): Parsed<TimelineArgs> {
  const [first = "", second = "", ...rest] = text.split(/\s+/);
  if (first.toLowerCase() === "detected") {
    const value = parseFixValue(text.slice(first.length));
    return value.kind === "text"
      ? reject("Say when it was detected: `/incident timeline detected 20:58` (UTC) or `2026-11-25 20:58`.")
      : accept({ kind: "detected", value });
  }
  if (first.toLowerCase() !== "fix") {
    if (text && !isTimeZone(text))
      return reject(
        `"${text}" is not a time zone. Use an IANA name such as \`Europe/Berlin\`, or nothing for UTC.`,
      );
    return accept({ kind: "review", tz: text || "UTC" });
  }
  const seq = Number(second.replace(/^#/, ""));
  const value = rest.join(" ").trim();
  if (!Number.isInteger(seq) || seq < 1 || !value)
    return reject(
      "Say which entry and the right value: `/incident timeline fix 7 21:03` (time, UTC) or `/incident timeline fix 7 Rolled back 1.4.2`.",
    );
  return accept({ kind: "fix", seq, value: parseFixValue(value) });
}

/** The IMOC log: the review upload, corrections, the detection time. */
export const timeline: Subcommand<TimelineArgs> = {
  name: "timeline",
  usage: "/incident timeline [time zone] | timeline fix <#> <time|text> | timeline detected <time>",
  summary:
    "Upload the post-incident review (Markdown, UTC unless you name a zone such as Europe/Berlin); `fix` corrects entry # without losing the original; `detected` records when the problem was first noticed.",
  scope: "incident",
  parse,
  async run({ deps, incident, actor }, args) {
    if (args.kind !== "review") {
      const seq = args.kind === "fix" ? args.seq : "detected";
      return correctionReply(correctTimeline(deps, { incident, seq, value: args.value, actor }), incident);
    }
    const exported = await exportReview(deps, incident.id, "md", args.tz, (ids) =>
      deps.messageSource.userNames(ids),
    );
    if (exported.kind !== "md" || !incident.channelId) return INCIDENT_GONE;
    recordAccess(deps, { incident, who: actor, what: "review (md)", via: "slack" });
    await deps.messageSource.uploadFile(
      incident.channelId,
      reviewUpload(incident, {
        markdown: exported.markdown,
        events: exported.review.events.length,
        zone: args.tz,
      }),
    );
    return reviewUploadedReply(incident);
  },
};
