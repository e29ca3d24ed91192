import { lt } from "drizzle-orm";
import type { Clock } from "../../ports/clock.js";
import type { InboundRequests } from "../../ports/inbound-requests.js";
import type { Db } from "./client.js";
import { inboundRequests } from "./schema.js";

/** Slack retries within minutes and a replayed signature is stale after 5: a day is ample. */
export const INBOUND_KEY_TTL_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Inbound request keys in `inbound_requests`; keys older than a day are pruned about hourly. */
export function createSqliteInboundRequests(db: Db, clock: Clock): InboundRequests {
  let prunedAt = 0;
  return {
    firstSeen(key) {
      const now = clock.now();
      if (now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = now.getTime();
        db.delete(inboundRequests)
          .where(lt(inboundRequests.receivedAt, new Date(now.getTime() - INBOUND_KEY_TTL_MS)))
          .run();
      }
      const inserted = db
        .insert(inboundRequests)
        .values({ key, receivedAt: now })
        .onConflictDoNothing()
        .run();
      return inserted.changes === 1;
    },
  };
}
