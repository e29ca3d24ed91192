import { weekOf } from "../../domain/followups/followup.js";
import type { Report } from "../../domain/review/report.js";
import type { Deps } from "../deps.js";
import { overduePlaybookUpdates } from "../playbooks/overdue-playbook-updates.js";
import { reportFor } from "./build-report.js";

const WEEK_MS = 7 * 24 * 3_600_000;

/**
 * The week before `at`, posted to INCIDENTS_CHANNEL. Security incidents stay out: that channel is
 * public and their channels are private.
 */
export function postWeeklyReview(
  deps: Pick<
    Deps,
    "log" | "outbox" | "messages" | "incidentsChannel" | "incidents" | "playbooks" | "playbookReviews"
  > &
    Partial<Pick<Deps, "alerts">>,
  at: Date,
  zone: string,
): Report {
  const range = { from: new Date(at.getTime() - WEEK_MS), to: at };
  const { report, incidents } = reportFor(deps.log, range, false, deps.alerts);
  deps.outbox.add(null, {
    kind: "post",
    channel: deps.incidentsChannel,
    message: deps.messages.weeklyReview(report, incidents, zone, {
      overduePlaybookUpdates: overduePlaybookUpdates(deps, at),
    }),
  });
  return report;
}

export type WeeklyRun =
  | { kind: "posted"; week: string; report: Report }
  | { kind: "posted-already"; week: string };

/**
 * The scheduled run (Monday 09:00): the week's review, once. Every replica runs the scheduler's
 * worker and a job may run again (retried, or taken over from a replica that died mid-run), so the
 * week is claimed in the record in the transaction that queues the post: the second run of a week
 * posts nothing. The claim shares the weekly digest's table, under its own key.
 */
export function postWeeklyReviewOnce(
  deps: Parameters<typeof postWeeklyReview>[0] & Pick<Deps, "transaction" | "followups" | "clock">,
  at: Date,
  zone: string,
): WeeklyRun {
  const week = weekOf(at, zone);
  return deps.transaction((): WeeklyRun => {
    if (!deps.followups.claimDigest(`weekly-review:${week}`, deps.clock.now()))
      return { kind: "posted-already", week };
    return { kind: "posted", week, report: postWeeklyReview(deps, at, zone) };
  });
}
