import { describe, expect, it } from "vitest";
import { RECORDS } from "./records.js";
import { declare, recordsPerTest } from "./seed.js";

describe.each(RECORDS)("follow-ups and playbook reviews on %s", (_kind, open) => {
  const t = recordsPerTest(open);
  const now = t.start;
  const later = (ms: number) => new Date(now.getTime() + ms);

  it("lists follow-ups by incident, owner, status and due day, without security ones when asked", async () => {
    const opened = await t.open();
    const { followups } = opened.record.stores;
    const a = declare(opened.record, now).id;
    const sec = declare(opened.record, now, { security: true }).id;
    const add = (incidentId: number, text: string, owner: string, dueOn: string | null) =>
      followups.add({ incidentId, text, owner, dueOn, createdBy: "U9", createdAt: now }).id;
    const fix = add(a, "Add an alert on queue depth", "U1", "2026-11-30");
    const doc = add(a, "Write the runbook", "U2", null);
    const key = add(sec, "Rotate the leaked key", "U1", "2026-12-05");
    const old = add(a, "Upgrade the driver", "U2", "2026-11-01");

    expect(followups.get(fix)).toEqual({
      id: fix,
      incidentId: a,
      text: "Add an alert on queue depth",
      owner: "U1",
      dueOn: "2026-11-30",
      status: "open",
      createdBy: "U9",
      createdAt: now,
      doneAt: null,
      doneBy: null,
    });
    expect(followups.get(old + 1)).toBeNull();
    const ids = (filter?: Parameters<typeof followups.list>[0]) => followups.list(filter).map((f) => f.id);
    expect(ids()).toEqual([fix, doc, key, old]);
    expect(ids({ incidentId: sec })).toEqual([key]);
    expect(ids({ owner: "U1" })).toEqual([fix, key]);
    expect(ids({ excludeSecurity: true })).toEqual([fix, doc, old]);

    // The first "done" wins; a second one changes nothing.
    expect(followups.markDone(old, "U2", later(1_000))).toBe(true);
    expect(followups.markDone(old, "U3", later(2_000))).toBe(false);
    expect(followups.get(old)).toMatchObject({ status: "done", doneBy: "U2", doneAt: later(1_000) });
    expect(ids({ status: "done" })).toEqual([old]);
    expect(ids({ status: "open", owner: "U2" })).toEqual([doc]);
    // Overdue: open, with a due day before the one given.
    expect(ids({ dueBefore: "2026-12-01" })).toEqual([fix]);
    expect(ids({ dueBefore: "2026-12-06" })).toEqual([fix, key]);
    expect(ids({ dueBefore: "2026-12-06", excludeSecurity: true })).toEqual([fix]);
  });

  it("sends a week's digest once, whichever replica's job runs it", async () => {
    const opened = await t.open();
    const other = await t.replica(opened);
    const mine = opened.record.stores.followups;
    const theirs = other.stores.followups;
    expect([mine.claimDigest("2026-11-23", now), theirs.claimDigest("2026-11-23", now)]).toEqual([
      true,
      false,
    ]);
    expect(mine.claimDigest("2026-11-23", later(60_000))).toBe(false);
    expect(theirs.claimDigest("2026-11-30", now)).toBe(true);
  });

  it("asks a playbook's owner once per incident, reminds once, and takes the first confirmation", async () => {
    const opened = await t.open();
    const other = await t.replica(opened);
    const reviews = opened.record.stores.playbookReviews;
    const a = declare(opened.record, now).id;
    const b = declare(opened.record, now).id;
    const ask = (incidentId: number, playbookId: string) => ({
      incidentId,
      playbookId,
      owner: "@db-team",
      askedAt: now,
      remindAt: later(7 * 86_400_000),
    });
    const first = reviews.add(ask(a, "db-failover"));
    expect(first).toEqual({
      id: first?.id,
      ...ask(a, "db-failover"),
      remindedAt: null,
      confirmedAt: null,
      confirmedBy: null,
    });
    // A resolve seen twice (or by two replicas) asks once.
    expect(other.stores.playbookReviews.add(ask(a, "db-failover"))).toBeNull();
    const cache = reviews.add(ask(a, "cache-flush"));
    const onB = reviews.add(ask(b, "db-failover"));
    const id = first?.id as number;
    expect(reviews.get(id)).toEqual(first);
    expect(reviews.forIncident(a).map((r) => r.playbookId)).toEqual(["db-failover", "cache-flush"]);

    expect(reviews.markReminded(id, later(1_000))).toBe(true);
    expect(other.stores.playbookReviews.markReminded(id, later(2_000))).toBe(false);
    expect(reviews.confirm(cache?.id as number, "U1", later(3_000))).toBe(true);
    expect(other.stores.playbookReviews.confirm(cache?.id as number, "U2", later(4_000))).toBe(false);
    expect(reviews.markReminded(cache?.id as number, later(5_000))).toBe(false);
    expect(reviews.get(cache?.id as number)).toMatchObject({
      confirmedBy: "U1",
      confirmedAt: later(3_000),
    });
    expect(reviews.open().map((r) => r.id)).toEqual([id, onB?.id]);
    expect(reviews.get(id)).toMatchObject({ remindedAt: later(1_000), confirmedAt: null });
  });
});
