/**
 * One replica's Slack dispatcher on a shared PostgreSQL outbox, as a process of its own (for
 * slack-jobs.test.ts). It "sends" a job by waiting a moment, is rate-limited now and then (the
 * job waits and its lane is free for any replica), and prints each job it sent as a JSON line.
 * Usage: node --import tsx test/contract/outbox-replica.ts <database url>; starts on "go" (stdin).
 */
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { openPgRecord } from "../../src/adapters/pg/pg-record.js";
import { startSlackDispatcher } from "../../src/adapters/slack/outbox-dispatcher.js";
import { ChatError } from "../../src/ports/chat.js";
import { systemClock } from "../../src/ports/clock.js";
import type { Logger } from "../../src/ports/logger.js";

const url = process.argv[2] as string;
const logger: Logger = {
  info() {},
  debug() {},
  warn() {},
  error: (fields, message) =>
    void process.stderr.write(`${message} ${String((fields as { err?: unknown }).err)}\n`),
  child: () => logger,
};
const at = () => performance.timeOrigin + performance.now();
const record = await openPgRecord(url, systemClock);
process.stdout.write("ready\n");
await once(process.stdin, "data");
const dispatcher = startSlackDispatcher({
  jobs: record.slackJobs,
  clock: systemClock,
  logger,
  pollMs: 10,
  async run(job) {
    const start = at();
    await sleep(Math.random() * 2);
    if (Math.random() < 0.3) throw new ChatError("ratelimited", "slow down", true, 30);
    const text = job.job.kind === "post" ? job.job.message.text : job.job.kind;
    process.stdout.write(`${JSON.stringify({ lane: job.lane, text, start, end: at(), pid: process.pid })}\n`);
  },
});
// Until every job is sent: a rate-limited one counts as failing, not pending, until it goes through.
const left = () => {
  const { pending, failing } = record.slackJobs.backlog();
  return pending + failing;
};
while (left() > 0 || dispatcher.busy() > 0) await sleep(10);
await dispatcher.stop();
record.close();
// stdout is a pipe, written asynchronously: let the last lines out before exiting.
await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
process.exit(0);
