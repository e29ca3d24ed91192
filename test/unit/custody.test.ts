import { generateKeyPairSync } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSigner, createVerifier, parseAuditKey } from "../../src/adapters/custody/audit-key.js";
import { createEvidenceVault } from "../../src/adapters/custody/evidence-vault.js";
import { signatureCheck } from "../../src/app/timeline/verify-timeline.js";
import { parseEnv } from "../../src/config/env.js";
import { parseMatrix } from "../../src/config/matrix.js";
import {
  checkpointPayload,
  compareWithCheckpoint,
  digestEntries,
  entriesOf,
  type StoredCheckpoint,
} from "../../src/domain/custody/checkpoint.js";
import { custodyReport } from "../../src/domain/custody/custody-report.js";
import { GENESIS_HASH, hashEvent } from "../../src/domain/timeline/timeline-chain.js";
import type { TimelineEvent } from "../../src/domain/timeline/timeline-event.js";

const pemOf = (type: "ed25519" | "rsa") =>
  (type === "rsa"
    ? generateKeyPairSync("rsa", { modulusLength: 1024 })
    : generateKeyPairSync("ed25519")
  ).privateKey
    .export({ type: "pkcs8", format: "pem" })
    .toString();
const pem = pemOf("ed25519");
const signer = createSigner(parseAuditKey(pem));
const check = signatureCheck(createVerifier(signer.publicKeyPem));

function chain(n: number): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e: TimelineEvent = {
      id: seq,
      incidentId: 3,
      seq,
      kind: seq === n ? "resolved" : "note",
      occurredAt: new Date(Date.UTC(2026, 10, 25, 21, seq)),
      recordedAt: new Date(Date.UTC(2026, 10, 25, 21, seq, 1)),
      actor: "slack:U1",
      text: `entry ${seq}`,
      data: {},
      source: null,
    };
    e.prevHash = prev;
    e.hash = hashEvent(e, prev);
    prev = e.hash;
    out.push(e);
  }
  return out;
}

function checkpointOf(events: TimelineEvent[], id = 1): StoredCheckpoint {
  const entries = entriesOf(events);
  const unsigned = {
    incidentId: 3,
    count: events.length,
    headHash: events.at(-1)!.hash!,
    eventsDigest: digestEntries(entries),
    signedAt: new Date("2026-11-25T22:00:00Z"),
    keyId: signer.keyId,
  };
  return {
    ...unsigned,
    id,
    signature: signer.sign(checkpointPayload(unsigned)),
    reason: "status resolved",
    entries,
  };
}

describe("checkpoints", () => {
  const events = chain(6);
  const cp = checkpointOf(events);

  it("a log that still holds the signed history matches, events after it are named as chain-only", () => {
    const later = chain(8);
    const report = custodyReport(later, [checkpointOf(later.slice(0, 6))], check);
    expect(report.intact).toBe(true);
    expect(report.checkpoint?.signature).toBe("valid");
    expect(report.afterCheckpoint).toBe(2);
    expect(report.notes.join(" ")).toContain("2 events after the latest checkpoint");
  });

  it("names the first missing event of a cut tail, with its kind", () => {
    expect(compareWithCheckpoint(events.slice(0, 3), cp)).toMatchObject({
      seq: 4,
      kind: "note",
      reason: "missing",
    });
  });

  it("names a rewritten event even when every later hash was recomputed", () => {
    const rewritten = events.map((e) => ({ ...e }));
    rewritten[1]!.text = "rewritten";
    let prev = rewritten[0]!.hash!;
    for (const e of rewritten.slice(1)) {
      e.prevHash = prev;
      e.hash = hashEvent(e, prev);
      prev = e.hash;
    }
    const report = custodyReport(rewritten, [cp], check);
    expect(report.chain.ok).toBe(true);
    expect(report.firstBad).toMatchObject({ seq: 2, reason: "checkpoint_changed" });
  });

  it("a checkpoint whose signature or stored history was edited is reported, not trusted", () => {
    const forged = { ...cp, headHash: events[2]!.hash!, count: 3, entries: cp.entries.slice(0, 3) };
    forged.eventsDigest = digestEntries(forged.entries);
    const report = custodyReport(events.slice(0, 3), [forged], check);
    expect(report.intact).toBe(false);
    expect(report.badCheckpoints[0]?.problem).toContain("signature does not verify");
    const edited = {
      ...cp,
      entries: cp.entries.map((e, i) => (i === 1 ? { ...e, hash: "0".repeat(64) } : e)),
    };
    expect(custodyReport(events, [edited], check).badCheckpoints[0]?.problem).toContain("does not digest");
  });

  it("signatures of another key are not called forged, only unchecked", () => {
    const other = createVerifier(createSigner(parseAuditKey(pemOf("ed25519"))).publicKeyPem);
    const report = custodyReport(events, [cp], signatureCheck(other));
    expect(report.checkpoint?.signature).toBe("unknown-key");
    expect(report.intact).toBe(true);
  });
});

describe("AUDIT_SIGNING_KEY", () => {
  it("takes a PKCS#8 PEM, its base64, or a PEM with literal \\n", () => {
    for (const form of [pem, Buffer.from(pem).toString("base64"), pem.replace(/\n/g, "\\n")])
      expect(createSigner(parseAuditKey(form)).keyId).toBe(signer.keyId);
  });

  it("refuses other keys and garbage with a message that does not repeat the value", () => {
    const base = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", INCIDENTS_CHANNEL: "C1" };
    const rsa = parseEnv({ ...base, AUDIT_SIGNING_KEY: pemOf("rsa") });
    expect(rsa.ok ? [] : rsa.problems).toEqual([expect.stringContaining("AUDIT_SIGNING_KEY is a rsa key")]);
    const garbage = parseEnv({ ...base, AUDIT_SIGNING_KEY: "hunter2-secret" });
    const problems = garbage.ok ? [] : garbage.problems;
    expect(problems).toEqual([expect.stringContaining("openssl genpkey -algorithm ed25519")]);
    expect(problems.join()).not.toContain("hunter2");
  });
});

describe("the matrix's audit block", () => {
  const text = `version: 1
business_hours: { days: [mon], start: "09:00", end: "17:00", time_zone: UTC }
targets: {}
audit: { channel: "\${SLACK_CHANNEL_AUDIT:-}", evidence: all }
policies: { sev1: {}, sev2: {}, sev3: {}, security: {} }
`;
  it("is optional: an unset SLACK_CHANNEL_AUDIT posts nowhere", () => {
    const unset = parseMatrix(text, "m.yaml", {});
    expect(unset.ok && unset.matrix.audit).toEqual({ evidence: "all" });
    const set = parseMatrix(text, "m.yaml", { SLACK_CHANNEL_AUDIT: "G0AUDIT" });
    expect(set.ok && set.matrix.audit).toEqual({ evidence: "all", channel: "G0AUDIT" });
    const bad = parseMatrix(text, "m.yaml", { SLACK_CHANNEL_AUDIT: "#audit" });
    expect(bad.ok ? [] : bad.problems).toEqual([
      expect.stringContaining("audit.channel: write a Slack channel id"),
    ]);
  });
});

describe("the evidence vault", () => {
  const dir = mkdtempSync(join(tmpdir(), "imoc-vault-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("stores by SHA-256 once, and re-hashes: intact, changed, missing", () => {
    const vault = createEvidenceVault(dir);
    const a = vault.put(Buffer.from("log line"));
    expect(vault.put(Buffer.from("log line"))).toEqual(a);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(vault.check(a.sha256)).toBe("intact");
    chmodSync(join(dir, a.sha256), 0o640); // copies are stored read-only
    writeFileSync(join(dir, a.sha256), "edited");
    expect(vault.check(a.sha256)).toBe("changed");
    expect(vault.check("f".repeat(64))).toBe("missing");
    expect(vault.check("../etc/passwd")).toBe("missing");
  });
});
