import type { InboundRequests } from "../../ports/inbound-requests.js";
import type { Clock } from "../../ports/clock.js";
import type { SyncPg } from "./sync-pg.js";
import { unbuilt } from "./unbuilt.js";

// STUB: to be written (PostgreSQL version of the SQLite store).
export function createPgInboundRequests(db: SyncPg, clock: Clock): InboundRequests {
  void db;
  return unbuilt("inbound");
}
