import { describe, expect, it } from "vitest";
import type { Checkpoint, CheckpointEntry } from "../../src/domain/custody/checkpoint.js";
import { RECORDS } from "./records.js";
import { declare, recordsPerTest } from "./seed.js";

describe.each(RECORDS)("chain-of-custody records on %s", (_kind, open) => {
  const t = recordsPerTest(open);
  const now = t.start;

  it("keeps every signed checkpoint with the history it covers, oldest first", async () => {
    const opened = await t.open();
    const { checkpoints } = opened.record.stores;
    const a = declare(opened.record, now).id;
    const b = declare(opened.record, now).id;
    expect(checkpoints.latest(a)).toBeNull();
    expect(checkpoints.list(a)).toEqual([]);
    const entries: CheckpointEntry[] = [
      { seq: 1, kind: "declared", hash: "aa11" },
      { seq: 2, kind: "note", hash: "bb22" },
    ];
    const checkpoint = (count: number, reason: string, signed: boolean): Checkpoint => ({
      incidentId: a,
      count,
      headHash: `head-${count}`,
      eventsDigest: `digest-${count}`,
      signedAt: new Date(now.getTime() + count),
      keyId: signed ? "0123456789abcdef" : null,
      signature: signed ? "c2lnbmF0dXJl" : null,
      reason,
    });
    const first = checkpoints.add(checkpoint(1, "export", false), entries.slice(0, 1));
    const second = checkpoints.add(checkpoint(2, "status resolved", true), entries);
    checkpoints.add({ ...checkpoint(1, "export", true), incidentId: b }, []);
    expect(first).toEqual({ id: first.id, ...checkpoint(1, "export", false), entries: entries.slice(0, 1) });
    expect(checkpoints.list(a)).toEqual([first, second]);
    expect(checkpoints.latest(a)).toEqual(second);
    expect(checkpoints.latest(b)?.entries).toEqual([]);
  });

  it("keeps who read a security incident, in the order they read it", async () => {
    const opened = await t.open();
    const { accessLog } = opened.record.stores;
    const a = declare(opened.record, now, { security: true }).id;
    const b = declare(opened.record, now, { security: true }).id;
    const read = (incidentId: number, who: string, what: string, via: string, s: number) => ({
      incidentId,
      who,
      what,
      via,
      at: new Date(now.getTime() + s * 1000),
    });
    accessLog.record(read(a, "console:U1", "incident", "console", 1));
    accessLog.record(read(b, "api:full-token", "timeline (md)", "api", 2));
    accessLog.record(read(a, "slack:U2", "timeline verify", "slack", 3));
    expect(accessLog.list(a)).toEqual([
      read(a, "console:U1", "incident", "console", 1),
      read(a, "slack:U2", "timeline verify", "slack", 3),
    ]);
    expect(accessLog.list(b)).toHaveLength(1);
    expect(accessLog.list(b + 1)).toEqual([]);
  });
});
