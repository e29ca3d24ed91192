import { describe, expect, it } from "vitest";
import { buildReview } from "../../src/domain/review/review.js";
import { renderReviewMarkdown } from "../../src/domain/review/review-markdown.js";
import { GENESIS_HASH } from "../../src/domain/timeline/timeline-chain.js";
import type { TimelineEvent } from "../../src/domain/timeline/timeline-event.js";
import { anIncident } from "./support/incident.js";

const at = (min: number) => new Date(Date.UTC(2026, 10, 25, 23, min));
const incident = anIncident({
  id: 9,
  title: "Leaked key",
  severity: "sev2",
  security: true,
  status: "acknowledged",
  channelId: "C9",
  channelName: "inc-9-leaked-key",
  declaredBy: "U1",
  commander: "U2",
  declaredAt: at(0),
  acknowledgedAt: at(4),
});
const event = (
  seq: number,
  kind: TimelineEvent["kind"],
  min: number,
  text: string,
  data = {},
): TimelineEvent => ({
  id: seq,
  seq,
  incidentId: 9,
  kind,
  occurredAt: at(min),
  recordedAt: at(min),
  actor: "slack:U1",
  text,
  data,
  source: null,
});

describe("the Markdown review", () => {
  const review = buildReview(
    incident,
    [
      event(1, "declared", 0, "Declared SEV-2 security: Leaked key"),
      event(2, "note", 30, "key | rotated\nsecond line"),
      event(3, "role_assigned", 31, "Security duty officer: <@U3> (was <@U9>)", {
        userId: "U3",
        role: "security duty officer",
      }),
    ],
    at(59),
    null,
    { U1: "Dana Declarer", U2: "Ira Commander", U3: "Sol Security" },
  );
  const md = renderReviewMarkdown(review, "America/New_York");

  it("flags security, names people and their roles, and writes full dates in the requested zone", () => {
    expect(md).toContain("| Security incident | yes (chain of custody applies) |");
    expect(md).toContain("| Commander | @Ira Commander |");
    expect(md).toContain("- @Sol Security: security duty officer");
    expect(md).toContain("- @Ira Commander: incident commander");
    expect(md).toContain("| Declared | 2026-11-25 18:00:00 -05:00 |");
    expect(md).toContain("| Mitigated | not yet |");
    expect(md).toContain(`Head hash: \`${GENESIS_HASH}\``);
    expect(md).toContain("| Security duty officer: @Sol Security (was @U9) |");
  });

  it("keeps table rows intact when text has pipes and line breaks", () => {
    const row = md.split("\n").find((l) => l.startsWith("| 2 |"));
    expect(row).toBe(
      "| 2 | 2026-11-25 18:30:00 -05:00 | note | @Dana Declarer | key \\| rotated<br>second line |",
    );
  });
});

describe("the review's follow-ups with owners", () => {
  // Generated 2026-11-25 23:59 UTC: already the 25th's evening in New York, the 26th in Tokyo.
  const review = buildReview(
    incident,
    [
      event(1, "declared", 0, "Declared"),
      event(2, "followup_added", 10, "Follow-up #4", {
        followupId: 4,
        owner: "U3",
        dueOn: "2026-11-24",
        text: "Rotate | keys",
      }),
      event(3, "followup_added", 11, "Follow-up #5", {
        followupId: 5,
        owner: "U2",
        dueOn: "2026-11-25",
        text: "Audit",
      }),
      event(4, "followup_added", 12, "Follow-up #6", {
        followupId: 6,
        owner: "U2",
        dueOn: null,
        text: "Docs",
      }),
      event(5, "followup_done", 20, "Follow-up #6 done", { followupId: 6 }),
    ],
    at(59),
    null,
    { U2: "Ira Commander", U3: "Sol Security" },
  );

  it("lists each with owner, due day and status, overdue counted in the review's zone", () => {
    const rowsIn = (zone: string) => {
      const md = renderReviewMarkdown(review, zone);
      return md
        .slice(md.indexOf("## Follow-ups with owners"), md.indexOf("## Chain of custody"))
        .trim()
        .split("\n");
    };
    expect(rowsIn("America/New_York").slice(2)).toEqual([
      "| # | follow-up | owner | due | status |",
      "| --- | --- | --- | --- | --- |",
      "| 4 | Rotate \\| keys | @Sol Security | 2026-11-24 | overdue |",
      "| 5 | Audit | @Ira Commander | 2026-11-25 | open |",
      "| 6 | Docs | @Ira Commander | – | done 2026-11-25 18:20:00 -05:00 |",
    ]);
    expect(rowsIn("Asia/Tokyo")[5]).toBe("| 5 | Audit | @Ira Commander | 2026-11-25 | overdue |");
  });

  it("leaves out the empty section of noted follow-ups when owned ones are listed", () => {
    const md = renderReviewMarkdown(review, "UTC");
    expect(md).not.toContain("## Open follow-ups");
    expect(md).toContain("## Follow-ups with owners");
  });
});
