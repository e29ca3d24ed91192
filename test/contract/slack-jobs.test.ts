import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, inject, it } from "vitest";
import { laneOf, REDACTED_SECRET_TEXT } from "../../src/adapters/db/sqlite-slack-jobs.js";
import type { QueuedSlackJob, SlackJob } from "../../src/ports/slack-outbox.js";
import { openPgRecord } from "../../src/adapters/pg/pg-record.js";
import { systemClock } from "../../src/ports/clock.js";
import { createPgDatabase } from "../support/postgres.js";
import { RECORDS } from "./records.js";
import { declare, recordsPerTest, rows } from "./seed.js";

const post = (text: string): SlackJob => ({ kind: "post", message: { text } });
const textOf = (job: QueuedSlackJob | null) =>
  job?.job.kind === "post" ? job.job.message.text : job?.job.kind;
const LEASE = 60_000;

describe.each(RECORDS)("the Slack outbox on %s", (_kind, open) => {
  const t = recordsPerTest(open);
  const now = t.start;

  it("runs each lane in order, one job at a time, many lanes at once, oldest lane first", async () => {
    const opened = await t.open();
    const { slackJobs: jobs, stores } = opened.record;
    const a = declare(opened.record, now);
    const b = declare(opened.record, now);
    jobs.add(a.id, post("a1"), post("a2"));
    jobs.add(null, post("bot1"));
    jobs.add(b.id, post("b1"));
    jobs.add(a.id, post("a3"));
    stores.outbox.add(b.id, post("b2"));

    expect(jobs.dueHeads(10, new Set()).map(textOf)).toEqual(["a1", "bot1", "b1"]);
    expect(jobs.dueHeads(1, new Set([laneOf(a.id)])).map(textOf)).toEqual(["bot1"]);
    expect(jobs.backlog()).toEqual({ pending: 6, failing: 0, oldestQueuedAt: now });

    const a1 = jobs.claimHead(laneOf(a.id), LEASE);
    expect(a1).toMatchObject({ lane: laneOf(a.id), incidentId: a.id, attempts: 1, createdAt: now });
    expect(textOf(a1)).toBe("a1");
    // The lane is taken: nobody else gets its next job while a1 runs.
    expect(jobs.claimHead(laneOf(a.id), LEASE)).toBeNull();
    expect(jobs.dueHeads(10, new Set()).map(textOf)).toEqual(["bot1", "b1"]);

    expect(textOf(jobs.completeAndClaimNext(a1?.id as number, laneOf(a.id), LEASE))).toBe("a2");
    const a2 = jobs.dueHeads(10, new Set()).find((j) => j.lane === laneOf(a.id));
    expect(a2).toBeUndefined();

    // A failing job stays at the head of its lane until its retry time, then runs again.
    const b1 = jobs.claimHead(laneOf(b.id), LEASE) as QueuedSlackJob;
    jobs.retry(b1.id, new Date(now.getTime() + 5_000), "ratelimited");
    expect(jobs.claimHead(laneOf(b.id), LEASE)).toBeNull();
    expect(jobs.backlog()).toMatchObject({ pending: 4, failing: 1 });
    t.advance(5_000);
    const again = jobs.claimHead(laneOf(b.id), LEASE);
    expect(again).toMatchObject({ id: b1.id, attempts: 2 });
    jobs.fail(b1.id, "channel_not_found");
    expect(textOf(jobs.claimHead(laneOf(b.id), LEASE))).toBe("b2");
  });

  it("queues a change's Slack work with the change: none when it rolls back; wakes the dispatcher", async () => {
    const opened = await t.open();
    const { record } = opened;
    let wakes = 0;
    record.onSlackJob(() => wakes++);
    expect(() =>
      record.stores.transaction(() => {
        record.stores.outbox.add(null, post("about a change that failed"));
        throw new Error("the change failed");
      }),
    ).toThrow("the change failed");
    expect(record.slackJobs.backlog().pending).toBe(0);
    record.stores.transaction(() => record.stores.outbox.add(null, post("kept"), post("kept too")));
    expect(record.slackJobs.backlog().pending).toBe(2);
    expect(wakes).toBe(2);
  });

  it("frees a lane whose lease ran out, and prunes finished jobs older than asked", async () => {
    const opened = await t.open();
    const { slackJobs: jobs } = opened.record;
    jobs.add(null, post("one"), post("two"));
    const one = jobs.claimHead("bot", 1_000) as QueuedSlackJob;
    // A live lease is another replica's work in flight: a replica starting up leaves it alone.
    expect(jobs.releaseLeases()).toBe(opened.record.kind === "sqlite" ? 1 : 0);
    if (opened.record.kind === "postgres") expect(jobs.claimHead("bot", LEASE)).toBeNull();
    const at = t.advance(1_001);
    expect(jobs.claimHead("bot", LEASE)).toMatchObject({ id: one.id, attempts: 2 });
    const two = jobs.completeAndClaimNext(one.id, "bot", LEASE) as QueuedSlackJob;
    jobs.completeAndClaimNext(two.id, "bot", LEASE);
    expect(jobs.backlog()).toEqual({ pending: 0, failing: 0, oldestQueuedAt: null });
    expect(jobs.prune(at)).toBe(0);
    expect(jobs.prune(new Date(at.getTime() + 1))).toBe(2);
  });

  it("adds a refresh job once while the same one waits, again once it is taken; other jobs always", async () => {
    const opened = await t.open();
    const { slackJobs: jobs } = opened.record;
    const pending = () =>
      rows(opened.record, "select kind, payload from slack_jobs where state = 'pending' order by id").map(
        (r) => {
          const job = JSON.parse(r.payload as string) as { groupId?: number; stormId?: number };
          return `${r.kind} ${job.groupId ?? job.stormId ?? ""}`.trim();
        },
      );
    for (let i = 0; i < 3; i++) jobs.add(null, { kind: "alertTriage", groupId: 1 });
    jobs.add(null, { kind: "alertTriage", groupId: 2 }, { kind: "alertStorm", stormId: 1 });
    jobs.add(null, { kind: "alertStorm", stormId: 1 });
    const dm: SlackJob = { kind: "dm", user: "U1", message: { text: "hello" } };
    jobs.add(null, dm, dm);
    expect(pending()).toEqual(["alertTriage 1", "alertTriage 2", "alertStorm 1", "dm", "dm"]);
    expect(jobs.claimHead("bot", LEASE)?.job).toEqual({ kind: "alertTriage", groupId: 1 });
    jobs.add(null, { kind: "alertTriage", groupId: 1 });
    jobs.add(null, { kind: "alertTriage", groupId: 1 });
    expect(pending()).toEqual([
      "alertTriage 1",
      "alertTriage 2",
      "alertStorm 1",
      "dm",
      "dm",
      "alertTriage 1",
    ]);
  });

  it("keeps a sign-in link only until its DM is sent or given up", async () => {
    const opened = await t.open();
    const { slackJobs: jobs } = opened.record;
    const link = "https://imoc.example/console/login?t=s3cret";
    jobs.add(null, { kind: "dm", user: "U1", message: { text: `Sign in: ${link}` }, secret: true });
    jobs.add(null, { kind: "dm", user: "U2", message: { text: `Sign in: ${link}` }, secret: true });
    jobs.add(null, { kind: "dm", user: "U3", message: { text: "no secret here" } });
    const first = jobs.claimHead("bot", LEASE) as QueuedSlackJob;
    expect(first.job).toMatchObject({ message: { text: `Sign in: ${link}` } });
    const second = jobs.completeAndClaimNext(first.id, "bot", LEASE) as QueuedSlackJob;
    jobs.fail(second.id, "user_not_found");
    jobs.completeAndClaimNext(second.id, "bot", LEASE);
    const kept = rows(opened.record, "select payload from slack_jobs order by id").map(
      (r) => JSON.parse(r.payload as string) as { message: { text: string }; user: string },
    );
    expect(kept.map((p) => [p.user, p.message.text])).toEqual([
      ["U1", REDACTED_SECRET_TEXT],
      ["U2", REDACTED_SECRET_TEXT],
      ["U3", "no secret here"],
    ]);
  });

  it("two replicas' connections taking turns on one outbox: never two jobs of a lane at once, never a job twice, lanes in order", async () => {
    const opened = await t.open();
    const other = await t.replica(opened);
    const lanes = [null, ...[1, 2, 3].map(() => declare(opened.record, now).id)];
    const queued = new Map<string, string[]>();
    for (let n = 0; n < 8; n++)
      for (const incidentId of lanes) {
        const text = `${laneOf(incidentId)}#${n}`;
        // Half the jobs are queued through the other process.
        (n % 2 ? other : opened.record).slackJobs.add(incidentId, post(text));
        queued.set(laneOf(incidentId), [...(queued.get(laneOf(incidentId)) ?? []), text]);
      }
    const sent = new Map<string, string[]>();
    const running = new Map<string, string>();
    const problems: string[] = [];
    // What a dispatcher does per lane (outbox-dispatcher.ts), with Slack taking a moment.
    const dispatcher = async (who: string, jobs: typeof other.slackJobs) => {
      for (let idle = 0; idle < 5; ) {
        const heads = jobs.dueHeads(8, new Set());
        if (heads.length === 0) {
          idle++;
          await sleep(2);
          continue;
        }
        await Promise.all(
          heads.map(async (head) => {
            // The other process may read the same heads and claim in between.
            await sleep(Math.random() * 2);
            let job = jobs.claimHead(head.lane, LEASE);
            while (job) {
              const other = running.get(job.lane);
              if (other) problems.push(`${who} runs ${textOf(job)} while ${other} runs`);
              running.set(job.lane, `${who}:${textOf(job)}`);
              await sleep(Math.random() * 3);
              running.delete(job.lane);
              sent.set(job.lane, [...(sent.get(job.lane) ?? []), textOf(job) as string]);
              job = jobs.completeAndClaimNext(job.id, job.lane, LEASE);
            }
          }),
        );
      }
    };
    await Promise.all([dispatcher("A", opened.record.slackJobs), dispatcher("B", other.slackJobs)]);
    expect(problems).toEqual([]);
    expect(sent).toEqual(queued);
    expect(opened.record.slackJobs.backlog().pending).toBe(0);
  });

  // Only PostgreSQL has several writers: a use case's transaction may commit its job after another
  // replica's later job of the same lane was already taken.
  it.runIf(_kind === "postgres")(
    "holds back a job committed late behind the lane's running one (one job of a lane at a time)",
    async () => {
      const opened = await t.open();
      const other = await t.replica(opened);
      const { record } = opened;
      const late = record.stores.transaction(() => {
        record.stores.outbox.add(null, post("queued first, committed last"));
        other.slackJobs.add(null, post("queued second, committed first"));
        return other.slackJobs.claimHead("bot", LEASE);
      });
      expect(textOf(late)).toBe("queued second, committed first");
      expect(record.slackJobs.claimHead("bot", LEASE)).toBeNull();
      expect(other.slackJobs.dueHeads(8, new Set())).toEqual([]);
      const next = other.slackJobs.completeAndClaimNext(late?.id as number, "bot", LEASE);
      expect(textOf(next)).toBe("queued first, committed last");
    },
  );

  // Three bot processes, each with its own dispatcher (outbox-replica.ts), on one outbox: truly
  // at the same time, not interleaved in one thread. SQLite has one writer process, so only here.
  it.runIf(_kind === "postgres")(
    "three replica processes send one outbox: each job once, a lane's jobs one at a time and in order",
    async () => {
      const url = await createPgDatabase(inject("pgAdminUrl"), "replicas");
      const record = await openPgRecord(url, systemClock);
      const queued = new Map<string, string[]>();
      try {
        const lanes = [null, ...[1, 2, 3].map(() => declare(record, new Date()).id)];
        for (let n = 0; n < 20; n++)
          for (const incidentId of lanes) {
            const text = `${laneOf(incidentId)}#${n}`;
            record.slackJobs.add(incidentId, post(text));
            queued.set(laneOf(incidentId), [...(queued.get(laneOf(incidentId)) ?? []), text]);
          }
      } finally {
        record.close();
      }
      type Sent = { lane: string; text: string; start: number; end: number; pid: number };
      const sent: Sent[] = [];
      const replicas = [1, 2, 3].map(() => {
        const child = spawn(process.execPath, ["--import", "tsx", "test/contract/outbox-replica.ts", url], {
          stdio: ["pipe", "pipe", "inherit"],
        });
        const ready = new Promise<void>((resolve) => {
          createInterface({ input: child.stdout }).on("line", (line) => {
            if (line === "ready") resolve();
            else sent.push(JSON.parse(line) as Sent);
          });
        });
        // "close", not "exit": its last lines may still be on their way.
        const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
        return { child, ready, exited };
      });
      try {
        await Promise.all(replicas.map((r) => r.ready));
        for (const r of replicas) r.child.stdin?.write("go\n");
        expect(await Promise.all(replicas.map((r) => r.exited))).toEqual([0, 0, 0]);
      } finally {
        for (const r of replicas) if (r.child.exitCode === null) r.child.kill();
      }

      const byLane = new Map<string, Sent[]>();
      for (const s of [...sent].sort((a, b) => a.start - b.start))
        byLane.set(s.lane, [...(byLane.get(s.lane) ?? []), s]);
      expect(new Map([...byLane].map(([lane, list]) => [lane, list.map((s) => s.text)]))).toEqual(queued);
      const overlaps = [...byLane.values()].flatMap((list) =>
        list
          .slice(1)
          .filter((s, i) => s.start < (list[i] as Sent).end)
          .map((s) => s.text),
      );
      expect(overlaps).toEqual([]);
      // The lanes really moved between processes (a rate-limited job frees its lane for anyone).
      expect(new Set(sent.map((s) => s.pid)).size).toBeGreaterThan(1);
    },
    60_000,
  );
});
