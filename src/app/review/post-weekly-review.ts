import { weeklyReviewText } from "../../domain/review/weekly-review.js";
import { reportFor } from "./build-report.js";
import type { Deps } from "../deps.js";

const WEEK_MS = 7 * 24 * 3_600_000;

/**
 * The week before `at`, posted to INCIDENTS_CHANNEL. Security incidents stay out: that channel is
 * public and their channels are private.
 */
export async function postWeeklyReview(deps: Deps, at: Date, zone: string): Promise<string> {
  const range = { from: new Date(at.getTime() - WEEK_MS), to: at };
  const { report, incidents } = reportFor(deps.log, range, false);
  const text = weeklyReviewText(report, incidents, zone);
  await deps.chat.post(deps.incidentsChannel, { text });
  return text;
}
