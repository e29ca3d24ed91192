import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  GENESIS_HASH,
  hashEvent,
  verifyChain,
} from "../../src/domain/timeline/timeline-chain.js";
import type { TimelineEvent } from "../../src/domain/timeline/timeline-event.js";

function chain(n: number): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e: TimelineEvent = {
      id: seq,
      incidentId: 7,
      seq,
      kind: "note",
      occurredAt: new Date(Date.UTC(2026, 10, 25, 21, seq)),
      recordedAt: new Date(Date.UTC(2026, 10, 25, 21, seq, 1)),
      actor: "slack:U1",
      text: `note ${seq}`,
      data: { b: 1, a: [2, { y: 1, x: 2 }] },
      source: null,
    };
    e.prevHash = prev;
    e.hash = hashEvent(e, prev);
    prev = e.hash;
    out.push(e);
  }
  return out;
}

describe("the IMOC log's hash chain", () => {
  it("is canonical: key order does not change the hash", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).toBe('{"a":{"c":null,"d":[1,2]},"b":1}');
    const [e] = chain(1);
    expect(hashEvent({ ...e!, data: { a: [2, { x: 2, y: 1 }], b: 1 } }, GENESIS_HASH)).toBe(e!.hash);
  });

  it("verifies an intact chain and reports its head", () => {
    const events = chain(4);
    expect(verifyChain(events)).toEqual({ ok: true, count: 4, headHash: events[3]!.hash });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  it.each([
    ["text", (e: TimelineEvent) => ({ ...e, text: "rewritten" })],
    ["time", (e: TimelineEvent) => ({ ...e, occurredAt: new Date(e.occurredAt.getTime() - 1) })],
    ["actor", (e: TimelineEvent) => ({ ...e, actor: "slack:U2" })],
    ["data", (e: TimelineEvent) => ({ ...e, data: { ...e.data, b: 2 } })],
  ])("names the first event whose %s was changed", (_what, change) => {
    const events = chain(5);
    events[2] = change(events[2]!);
    const verdict = verifyChain(events);
    expect(verdict).toMatchObject({ ok: false, reason: "hash_mismatch", firstBad: { seq: 3, kind: "note" } });
  });

  it("catches a rehashed row by the broken link to the next one, and a removed row by the gap", () => {
    const events = chain(5);
    const forged = { ...events[1]!, text: "forged" };
    forged.hash = hashEvent(forged, forged.prevHash!);
    events[1] = forged;
    expect(verifyChain(events)).toMatchObject({ ok: false, reason: "broken_link", firstBad: { seq: 3 } });
    const gap = chain(5).filter((e) => e.seq !== 2);
    expect(verifyChain(gap)).toMatchObject({ ok: false, reason: "sequence_gap", firstBad: { seq: 3 } });
  });
});
