import type { VerifyResult } from "../app/timeline/verify-timeline.js";

/** Prints one incident's verdict; returns whether it is intact. */
export function printReport(ref: string, result: Extract<VerifyResult, { kind: "verified" }>): boolean {
  const v = result.verdict;
  const c = result.custody;
  if (!c) {
    if (v.ok) console.log(`${ref}: intact, ${v.count} events, head ${v.headHash}`);
    else console.log(`${ref}: BROKEN at ${v.message} [${v.reason}]`);
    return v.ok;
  }
  if (c.intact) console.log(`${ref}: intact, ${v.count} events, head ${v.ok ? v.headHash : "?"}`);
  else if (c.firstBad) console.log(`${ref}: BROKEN at ${c.firstBad.message} [${c.firstBad.reason}]`);
  else console.log(`${ref}: BROKEN`);
  const k = c.checkpoint;
  if (k)
    console.log(
      `  checkpoint ${k.signedAt.toISOString()} (${k.reason}): ${k.count} events, signature ${k.signature}`,
    );
  for (const b of c.badCheckpoints) console.log(`  BROKEN checkpoint: ${b.problem}`);
  for (const e of c.evidence)
    if (e.state !== "intact")
      console.log(`  BROKEN evidence: #${e.seq} ${e.name} (${e.sha256}) is ${e.state}`);
    else console.log(`  evidence #${e.seq} ${e.name}: intact (${e.sha256})`);
  for (const n of c.notes) console.log(`  note: ${n}`);
  return c.intact;
}
