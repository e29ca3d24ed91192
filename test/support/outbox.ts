import Database from "better-sqlite3";
import { waitFor } from "./wait-for.js";

/** Slack jobs still to send (the bot's outbox in its SQLite file). */
export function pendingSlackJobs(
  dbPath: string,
): Array<{ id: number; lane: string; kind: string; attempts: number; last_error: string | null }> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        "select id, lane, kind, attempts, last_error from slack_jobs where state = 'pending' order by id",
      )
      .all() as ReturnType<typeof pendingSlackJobs>;
  } finally {
    db.close();
  }
}

/**
 * Waits until the bot has sent all its queued Slack work: use cases answer before their channel
 * messages go out (the outbox sends them right after), so a test reading the channel waits here.
 */
export async function slackSettled(dbPath: string, timeoutMs = 10_000): Promise<void> {
  await waitFor(() => pendingSlackJobs(dbPath).length === 0, {
    timeoutMs,
    intervalMs: 20,
    describe: () => `Slack jobs still pending: ${JSON.stringify(pendingSlackJobs(dbPath))}`,
  });
}
