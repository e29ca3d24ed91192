import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { Record } from "../../src/adapters/db/record.js";
import { createLogger } from "../../src/adapters/logging.js";
import { type SlackDispatcher, startSlackDispatcher } from "../../src/adapters/slack/outbox-dispatcher.js";
import { systemClock } from "../../src/ports/clock.js";
import type { QueuedSlackJob } from "../../src/ports/slack-outbox.js";
import { type OpenedRecord, RECORDS } from "../contract/records.js";
import { waitFor } from "../support/wait-for.js";

const post = (text: string) => ({ kind: "post" as const, message: { text } });
const textOf = (job: QueuedSlackJob) => (job.job.kind === "post" ? job.job.message.text : job.job.kind);

/**
 * Two replicas on one record: each runs a dispatcher, and a job may be added by the other one
 * (whose add wakes only its own dispatcher) or left leased by one that died.
 */
describe.each(RECORDS)("the Slack outbox shared by replicas (%s)", (kind, open) => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
  });

  async function replicas(): Promise<{ a: Record; b: Record }> {
    const opened: OpenedRecord = await open(systemClock);
    cleanup.push(() => opened.close());
    const b = await opened.reopen();
    cleanup.push(() => b.close());
    return { a: opened.record, b };
  }

  /** An incident in the record (its jobs' lane is `inc-<id>`). */
  const declare = (record: Record) =>
    record.stores.incidents.create(
      {
        title: "Checkout down",
        description: null,
        severity: "sev2",
        security: false,
        drill: false,
        service: null,
        declaredBy: "U1",
        declaredAt: new Date(),
      },
      () => ({ kind: "declared", occurredAt: new Date(), actor: "slack:U1", text: "Declared" }),
    ).id;

  function dispatch(record: Record, sent: string[], releaseLeasesAtStart: boolean): SlackDispatcher {
    const dispatcher = startSlackDispatcher({
      jobs: record.slackJobs,
      run: async (job) => void sent.push(textOf(job)),
      clock: systemClock,
      logger: createLogger("silent"),
      releaseLeasesAtStart,
    });
    cleanup.push(() => dispatcher.stop(1000));
    return dispatcher;
  }

  it("sends the jobs another replica added, in order per incident, once", async () => {
    const { a, b } = await replicas();
    const sent: string[] = [];
    dispatch(a, sent, kind === "sqlite");
    // Replica B's adds wake no dispatcher here: only the poll finds them.
    b.stores.outbox.add(null, post("bot 1"));
    b.stores.outbox.add(declare(b), post("inc 1"), post("inc 2"), post("inc 3"));
    await waitFor(() => sent.length === 4, { timeoutMs: 5000, describe: () => sent.join(", ") });
    expect(sent.filter((t) => t.startsWith("inc"))).toEqual(["inc 1", "inc 2", "inc 3"]);
    await sleep(500);
    expect(sent).toHaveLength(4);
    expect(a.slackJobs.backlog().pending).toBe(0);
  });

  it("leaves a live replica's lease alone at start-up, and sends the job once the lease of a dead one runs out", async () => {
    const { a, b } = await replicas();
    const id = declare(b);
    b.stores.outbox.add(id, post("first"), post("second"));
    // Replica B took the lane's head and died before finishing it (its lease: 1.5 s).
    const taken = b.slackJobs.claimHead(`inc-${id}`, 1500);
    expect(taken && textOf(taken)).toBe("first");
    const takenAt = Date.now();
    const sent: string[] = [];
    dispatch(a, sent, false);
    await sleep(800);
    expect(sent).toEqual([]); // the lane waits behind its head: nothing out of order
    await waitFor(() => sent.length === 2, { timeoutMs: 5000, describe: () => sent.join(", ") });
    expect(Date.now() - takenAt).toBeGreaterThanOrEqual(1500);
    expect(sent).toEqual(["first", "second"]);
  });

  it("two dispatchers on one record send every job exactly once", async () => {
    const { a, b } = await replicas();
    const sentA: string[] = [];
    const sentB: string[] = [];
    dispatch(a, sentA, false);
    dispatch(b, sentB, false);
    const expected: string[] = [];
    const incidents = Array.from({ length: 10 }, () => declare(a));
    for (const incident of incidents)
      for (let n = 1; n <= 5; n++) {
        const text = `inc ${incident} #${n}`;
        expected.push(text);
        (n % 2 ? a : b).stores.outbox.add(incident, post(text));
      }
    await waitFor(() => sentA.length + sentB.length >= expected.length, { timeoutMs: 10_000 });
    await sleep(500);
    expect([...sentA, ...sentB].sort()).toEqual(expected.sort());
    // Each replica kept each incident's order for the jobs it sent.
    for (const sent of [sentA, sentB])
      for (const incident of incidents) {
        const mine = sent.filter((t) => t.startsWith(`inc ${incident} #`));
        expect(mine).toEqual([...mine].sort());
      }
  });
});
