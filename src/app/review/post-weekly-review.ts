import type { Report } from "../../domain/review/report.js";
import type { Deps } from "../deps.js";
import { overduePlaybookUpdates } from "../playbooks/overdue-playbook-updates.js";
import { reportFor } from "./build-report.js";

const WEEK_MS = 7 * 24 * 3_600_000;

/**
 * The week before `at`, posted to INCIDENTS_CHANNEL. Security incidents stay out: that channel is
 * public and their channels are private.
 */
export async function postWeeklyReview(
  deps: Pick<
    Deps,
    "log" | "outbox" | "messages" | "incidentsChannel" | "incidents" | "playbooks" | "playbookReviews"
  > &
    Partial<Pick<Deps, "alerts">>,
  at: Date,
  zone: string,
): Promise<Report> {
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
