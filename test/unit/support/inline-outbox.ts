import { runSlackJob, type SlackJobDeps } from "../../../src/app/slack-work/run-slack-job.js";
import type { SlackOutbox } from "../../../src/ports/slack-outbox.js";

/**
 * The outbox for unit tests: each job runs at once through the real `runSlackJob` against the
 * test's chat fake (its synchronous part, where the fake records the call, runs inside `add`).
 * `idle()` waits for the asynchronous rest; a job that throws is kept in `failed`.
 */
export function inlineOutbox(deps: () => SlackJobDeps, { inOrder = false } = {}) {
  let id = 0;
  /** `inOrder`: one job at a time per incident, as the real dispatcher runs them. */
  const lanes = new Map<number | null, Promise<void>>();
  const running = new Set<Promise<void>>();
  const failed: unknown[] = [];
  const outbox: SlackOutbox & { idle(): Promise<void>; failed: unknown[] } = {
    add(incidentId, ...jobs) {
      for (const job of jobs) {
        const queued = {
          id: ++id,
          lane: `inc-${incidentId}`,
          incidentId,
          job,
          attempts: 1,
          createdAt: new Date(0),
        };
        const before = inOrder ? lanes.get(incidentId) : undefined;
        const run = (before ? before.then(() => runSlackJob(deps(), queued)) : runSlackJob(deps(), queued))
          .catch((error: unknown) => void failed.push(error))
          .finally(() => running.delete(run));
        running.add(run);
        if (inOrder) lanes.set(incidentId, run);
      }
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
    failed,
  };
  return outbox;
}
