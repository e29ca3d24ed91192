import { lt } from "drizzle-orm";
import type { Clock } from "../../ports/clock.js";
import type { InboundRequests } from "../../ports/inbound-requests.js";
import type { Db } from "./client.js";
import { inboundRequests } from "./schema.js";

/** Slack retries within minutes and a replayed signature is stale after 5: a day is ample. */
export const INBOUND_KEY_TTL_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Calls `prune(before)` with the TTL's cut-off at most about hourly, as time goes by. */
export function hourlyPrune(prune: (before: Date) => void): (now: Date) => void {
  let prunedAt = 0;
  return (now) => {
    if (now.getTime() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now.getTime();
    prune(new Date(now.getTime() - INBOUND_KEY_TTL_MS));
  };
}

/** Inbound request keys in `inbound_requests`; keys older than a day are pruned about hourly. */
export function createSqliteInboundRequests(db: Db, clock: Clock): InboundRequests {
  const prune = hourlyPrune((before) =>
    db.delete(inboundRequests).where(lt(inboundRequests.receivedAt, before)).run(),
  );
  return {
    firstSeen(key) {
      const now = clock.now();
      prune(now);
      const inserted = db
        .insert(inboundRequests)
        .values({ key, receivedAt: now })
        .onConflictDoNothing()
        .run();
      return inserted.changes === 1;
    },
  };
}
