import type { Redis } from "ioredis";
import type { Deps } from "../app/deps.js";
import { sendOverdueDigest } from "../app/followups/send-overdue-digest.js";
import { reconcilePlaybookReviews, remindPlaybookReview } from "../app/playbooks/remind-playbook-review.js";
import type { Config } from "../config/load-config.js";
import { createFollowupsQueue } from "../adapters/queue/followups-queue.js";
import { reconcileNowAndOnReconnect } from "../adapters/queue/redis-connection.js";
import { slackFollowupMessages } from "../adapters/slack/blocks/followup-messages.js";
import type { Clock } from "../ports/clock.js";
import type { Logger } from "../ports/logger.js";

/**
 * Issue 11's wiring, for the composition root: the Deps parts of follow-ups and playbook reviews,
 * then `start` (the worker, the weekly digest, the reminders put back from the record).
 */
export function createFollowups(o: {
  connection: Redis;
  prefix: string;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, "env" | "weeklyReviewZone">;
}) {
  const zone = o.config.weeklyReviewZone;
  const queue = createFollowupsQueue(o);
  return {
    deps: {
      reviewReminders: queue.reminders,
      followupMessages: slackFollowupMessages,
      followupSettings: { zone: zone, playbookReviewDelayMs: o.config.env.PLAYBOOK_REVIEW_REMINDER },
    } satisfies Partial<Deps>,
    async start(deps: Deps): Promise<{ stop(): Promise<void> }> {
      // A Redis restarted empty loses the digest's scheduler and the reminders: both come back
      // whenever the connection is ready again, not only at the next start-up.
      await reconcileNowAndOnReconnect(o.connection, o.logger, async () => {
        await queue.scheduleDigest(zone);
        await reconcilePlaybookReviews(deps);
      });
      const worker = queue.startWorker({
        reminder: (id) => remindPlaybookReview(deps, id),
        digest: () => sendOverdueDigest(deps, deps.clock.now()),
      });
      return {
        async stop() {
          await worker.close();
          await queue.close();
        },
      };
    },
  };
}
