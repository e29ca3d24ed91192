import type { Clock } from "../../ports/clock.js";
import type { InboundRequests } from "../../ports/inbound-requests.js";
import { hourlyPrune } from "../db/sqlite-inbound-requests.js";
import type { SyncPg } from "./sync-pg.js";

/**
 * Inbound request keys in `inbound_requests`, shared by every replica: the insert wins for one
 * process only (`on conflict do nothing`), so Slack's retry reaching another replica is dropped.
 * Keys older than a day are pruned about hourly (by each replica; deleting twice is harmless).
 */
export function createPgInboundRequests(db: SyncPg, clock: Clock): InboundRequests {
  const prune = hourlyPrune((before) =>
    db.run("delete from inbound_requests where received_at < $1", [before]),
  );
  return {
    firstSeen(key) {
      const now = clock.now();
      prune(now);
      const inserted = db.run(
        "insert into inbound_requests (key, received_at) values ($1, $2) on conflict do nothing",
        [key, now],
      );
      return inserted === 1;
    },
  };
}
