/**
 * A second (and third) process on one PostgreSQL record, for chain-concurrency.test.ts. Opens the
 * record at IMOC_TEST_RECORD_URL, says "ready", waits for "go <epoch ms>" on stdin and starts at
 * that instant (as its sibling does), then:
 *   <tag> append <incidentId> <count>  appends <count> notes to one incident
 *   <tag> pin <incidentId> <count>     records messages 0..<count>-1 of one channel (recordMessageOnce)
 *   <tag> resolve <id,id,...> <ms>     resolves each incident with updateWith (if still open),
 *                                      its decision taking <ms> (as a use case's might)
 * and prints its result as one JSON line before exiting.
 */
import { createInterface } from "node:readline";
import { openPgRecord } from "../../src/adapters/pg/pg-record.js";
import { systemClock } from "../../src/ports/clock.js";

const [tag, mode, target, n] = process.argv.slice(2);
const url = process.env.IMOC_TEST_RECORD_URL;
if (!url || !tag || !mode || !target)
  throw new Error("usage: IMOC_TEST_RECORD_URL=... chain-writer <tag> append|pin|resolve ...");

const record = await openPgRecord(url, systemClock);
const { incidents, timeline, log } = record.stores;
record.ping(); // connected before the start, so neither spends its first moments connecting
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
let startAt = 0;
for await (const line of lines) {
  if (!line.startsWith("go ")) continue;
  startAt = Number(line.slice(3));
  break;
}
// Both processes start at the same instant (a moment ahead), not when each reads its "go".
const pause = new Int32Array(new SharedArrayBuffer(4));
Atomics.wait(pause, 0, 0, Math.max(0, startAt - Date.now()));

let done = 0;
let failed: string | null = null;
try {
  if (mode === "append") {
    for (let i = 0; i < Number(n); i++) {
      timeline.append({
        incidentId: Number(target),
        kind: "note",
        occurredAt: new Date(),
        actor: `bot:${tag}`,
        text: `${tag} ${i}`,
      });
      done++;
    }
  } else if (mode === "pin") {
    for (let i = 0; i < Number(n); i++) {
      const recorded = log.recordMessageOnce({
        incidentId: Number(target),
        kind: "message_recorded",
        occurredAt: new Date(),
        actor: `bot:${tag}`,
        text: `message ${i}`,
        source: { channelId: "C1", messageTs: `1700000000.${String(i).padStart(6, "0")}` },
      });
      if (recorded.created) done++;
    }
  } else {
    for (const id of target.split(",").map(Number)) {
      const at = new Date();
      const resolved = incidents.updateWith(id, (current) => {
        // The other process decides on the same incident meanwhile, unless the store holds it off.
        Atomics.wait(pause, 0, 0, Number(n));
        return current.status === "resolved"
          ? null
          : {
              patch: { status: "resolved", resolvedAt: at, resolutionSummary: `resolved by ${tag}` },
              event: { kind: "resolved", occurredAt: at, actor: `bot:${tag}`, text: `Resolved by ${tag}` },
            };
      });
      if (resolved) done++;
    }
  }
} catch (error) {
  failed = String((error as Error).message);
}
process.stdout.write(`${JSON.stringify({ done, failed })}\n`);
lines.close();
record.close();
