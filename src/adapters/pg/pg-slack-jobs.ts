import type { SlackJobStore } from "../db/sqlite-slack-jobs.js";
import type { Clock } from "../../ports/clock.js";
import type { SyncPg } from "./sync-pg.js";
import { unbuilt } from "./unbuilt.js";

// STUB: to be written (PostgreSQL version of the SQLite store).
export function createPgSlackJobs(db: SyncPg, clock: Clock, onAdded: () => void = () => {}): SlackJobStore {
  void db;
  return unbuilt("slackJobs");
}
