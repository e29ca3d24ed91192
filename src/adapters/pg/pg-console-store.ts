import type { ConsoleStore } from "../../ports/console-store.js";
import type { SyncPg } from "./sync-pg.js";
import { unbuilt } from "./unbuilt.js";

// STUB: to be written (PostgreSQL version of the SQLite store).
export function createPgConsoleStore(db: SyncPg): ConsoleStore {
  void db;
  return unbuilt("consoleStore");
}
