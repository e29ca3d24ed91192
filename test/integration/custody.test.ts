import { execFile } from "node:child_process";
import { createHash, generateKeyPairSync } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/adapters/logging.js";
import { loadConfig } from "../../src/config/load-config.js";
import { parseExport } from "../../src/domain/custody/verify-export.js";
import { startBot } from "../../src/main.js";
import { hashEvent } from "../../src/domain/timeline/timeline-chain.js";
import type { TimelineEvent } from "../../src/domain/timeline/timeline-event.js";
import { SIGNING_SECRET, testEnv } from "../support/bot-harness.js";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import { slackSettled } from "../support/outbox.js";
import { sharedRedis } from "../support/shared-redis.js";
import { messageDeleted, reactionAdded, sendEvent } from "../support/slack-signer.js";
import { createTmpDb } from "../support/tmp-db.js";
import { waitFor } from "../support/wait-for.js";

const API_TOKEN = "test-api-token-0123456789";
const AUDIT_MATRIX = resolve(import.meta.dirname, "../fixtures/matrix/audit.yaml");
const root = resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "imoc-custody-"));
const evidenceDir = join(scratch, "evidence");
const { privateKey } = generateKeyPairSync("ed25519");
const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();

const h = useHarness(
  {
    API_TOKEN,
    ESCALATION_MATRIX: AUDIT_MATRIX,
    // The base64 form, as a secret store would hold it.
    AUDIT_SIGNING_KEY: Buffer.from(pem).toString("base64"),
    EVIDENCE_DIR: evidenceDir,
  },
  {
    vars: ({ slack }) => ({
      SLACK_CHANNEL_AUDIT: slack.addChannel("audit-log", { isPrivate: true, members: ["UBOT"] }).id,
    }),
  },
);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const driver = incidentDriver(h);
/** U_IC pins a message (📌) in an incident channel. */
const pinned = (channelId: string, ts: string) =>
  sendEvent(
    h().bot.url,
    SIGNING_SECRET,
    reactionAdded({ reaction: "pushpin", userId: "U_IC", channelId, ts }),
  );
const eventIn = (id: number, match: (e: TimelineEvent) => boolean) =>
  h().bot.deps.timeline.list(id).find(match);
const api = (path: string) =>
  fetch(`${h().bot.url}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
const sql = (statement: string, ...params: unknown[]) => {
  const db = new Database(h().db.path);
  try {
    db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
};

interface Verdict {
  intact: boolean;
  reason?: string;
  message?: string;
  firstBad?: { seq: number; kind: string };
  chain: { intact: boolean };
  checkpoint: { count: number; signature: string; reason: string } | null;
  evidence: Array<{ seq: number; sha256: string; state: string }>;
  notes: string[];
}
const verify = async (id: number) =>
  (await (await api(`/api/incidents/${id}/timeline/verify`)).json()) as Verdict;

async function cli(args: string[], env: Record<string, string> = {}) {
  const run = promisify(execFile);
  return run(process.execPath, ["--import", "tsx", "src/cli/timeline-verify.ts", ...args], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_PATH: h().db.path,
      EVIDENCE_DIR: evidenceDir,
      // On the bot's machine the CLI takes the public half of the key it already has.
      AUDIT_SIGNING_KEY: h().vars.AUDIT_SIGNING_KEY,
      ...env,
    },
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout + error.stderr,
    }),
  );
}

/** Declared (SEV-3: no review requests follow the resolution), two notes, resolved: the resolution is checkpointed (signed). */
async function resolvedIncident(title: string) {
  const { id, channelId } = await driver.declare("sev3", title);
  await driver.slash("note Rolled back the deploy", { channelId, userId: "U_PRIMARY" });
  await driver.slash("note Error rate back to normal", { channelId, userId: "U_PRIMARY" });
  await driver.slash("resolve Bad deploy rolled back", { channelId, userId: "U_PRIMARY" });
  await waitFor(() => h().bot.deps.checkpoints.latest(id)?.reason === "status resolved");
  const events = h().bot.deps.timeline.list(id);
  return { id, channelId, events };
}

describe("signed checkpoints", () => {
  it("an untouched log verifies, by the route and the CLI, against a signed checkpoint posted to the audit channel", async () => {
    const { id, events } = await resolvedIncident("Checkout slow");
    const v = await verify(id);
    expect(v.intact).toBe(true);
    expect(v.checkpoint).toMatchObject({
      count: events.length,
      signature: "valid",
      reason: "status resolved",
    });

    await slackSettled(h().db.path);
    const audit = h().slack.messagesIn(h().vars.SLACK_CHANNEL_AUDIT!);
    const posted = audit.find((m) => m.text?.includes(`INC-${id} checkpoint* (status resolved)`));
    const checkpoint = h().bot.deps.checkpoints.latest(id)!;
    expect(posted?.text).toContain(checkpoint.headHash);
    expect(posted?.text).toContain(checkpoint.signature!);

    const out = await cli([String(id)]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`INC-${id}: intact, ${events.length} events`);
    expect(out.stdout).toContain("signature valid");
  });

  it("deleting the last three events (two notes and the resolution) by SQL is reported, naming the first missing one", async () => {
    const { id, events } = await resolvedIncident("Login errors");
    const tail = events.slice(-3);
    expect(tail.map((e) => e.kind)).toEqual(["note", "note", "resolved"]);
    sql("delete from timeline_events where incident_id = ? and seq >= ?", id, tail[0]!.seq);

    const v = await verify(id);
    expect(v.chain.intact).toBe(true); // the chain alone cannot see a cut tail
    expect(v.intact).toBe(false);
    expect(v.reason).toBe("checkpoint_missing");
    expect(v.firstBad).toMatchObject({ seq: tail[0]!.seq, kind: "note" });
    expect(v.message).toContain(`event #${tail[0]!.seq} (note) is missing`);
    expect(v.message).toContain("3 signed events are gone");

    const out = await cli([String(id)]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`INC-${id}: BROKEN at event #${tail[0]!.seq} (note) is missing`);
  });

  it("deleting one event in the middle is reported with that event", async () => {
    const { id, events } = await resolvedIncident("Search down");
    const middle = events.find((e) => e.kind === "note")!;
    sql("delete from timeline_events where incident_id = ? and seq = ?", id, middle.seq);

    const v = await verify(id);
    expect(v.intact).toBe(false);
    expect(v.firstBad).toMatchObject({ seq: middle.seq });
    const out = await cli([String(id)]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`BROKEN at event #${middle.seq}`);
  });

  it("rewriting a row and recomputing every later hash keeps the chain whole, and is still reported", async () => {
    const { id, events } = await resolvedIncident("Payments timeouts");
    const target = events.find((e) => e.kind === "note")!;
    // What someone with the code and the database can do: rewrite, then re-chain everything after.
    const db = new Database(h().db.path);
    let prev = target.prevHash!;
    for (const e of events.filter((x) => x.seq >= target.seq)) {
      const rewritten = e.seq === target.seq ? { ...e, text: "Nothing was rolled back" } : e;
      const hash = hashEvent(rewritten, prev);
      db.prepare(
        "update timeline_events set text = ?, prev_hash = ?, hash = ? where incident_id = ? and seq = ?",
      ).run(rewritten.text, prev, hash, id, e.seq);
      prev = hash;
    }
    db.close();

    const v = await verify(id);
    expect(v.chain.intact).toBe(true);
    expect(v.intact).toBe(false);
    expect(v.reason).toBe("checkpoint_changed");
    expect(v.firstBad).toMatchObject({ seq: target.seq, kind: "note" });
    const out = await cli([String(id)]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`BROKEN at event #${target.seq} (note) is not the event`);
  });

  it("an export verifies offline with only the public key; a tampered one does not", async () => {
    const { id } = await resolvedIncident("Export me");
    const keyRes = await fetch(`${h().bot.url}/api/audit/public-key`);
    expect(keyRes.status).toBe(200);
    const keyFile = join(scratch, "audit.pub.pem");
    writeFileSync(keyFile, await keyRes.text());
    const exported = (await (await api(`/api/incidents/${id}/timeline?format=json`)).json()) as {
      events: Array<{ seq: number; text: string; kind: string }>;
      custody: { checkpoints: Array<{ reason: string; signature: string }> };
    };
    expect(exported.custody.checkpoints.map((c) => c.reason)).toContain("status resolved");
    const file = join(scratch, `review-${id}.json`);
    writeFileSync(file, JSON.stringify(exported));

    // Offline: no database, no private key; only the export and the public key.
    const offline = await cli(["--export", file, "--public-key", keyFile, "--offline"], {
      DATABASE_PATH: join(scratch, "nowhere.sqlite"),
      AUDIT_SIGNING_KEY: "",
    });
    expect(offline.stdout).toContain("export intact");
    expect(offline.stdout).toContain("signature valid");
    expect(offline.code).toBe(0);
    // ... and the database still holds every exported event.
    expect((await cli(["--export", file, "--public-key", keyFile])).stdout).toContain(
      "every exported event is still there",
    );

    // Tampered: a note rewritten and the export's chain recomputed to match.
    const note = exported.events.find((e) => e.kind === "note")!;
    note.text = "Nothing was rolled back";
    const tamperedFile = join(scratch, `review-${id}-tampered.json`);
    writeFileSync(tamperedFile, JSON.stringify(exported));
    const tampered = await cli(["--export", tamperedFile, "--public-key", keyFile, "--offline"], {
      AUDIT_SIGNING_KEY: "",
    });
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(`BROKEN: the export's hash chain is broken: event #${note.seq}`);

    // Rewritten and the export's whole chain recomputed: its signed checkpoints no longer match.
    const log = parseExport(exported);
    let prev = log.events[0]!.prevHash!;
    log.events.forEach((e, i) => {
      const hash = hashEvent(e, prev);
      Object.assign(exported.events[i]!, { prevHash: prev, hash });
      prev = hash;
    });
    writeFileSync(tamperedFile, JSON.stringify(exported));
    const rechained = await cli(["--export", tamperedFile, "--public-key", keyFile, "--offline"]);
    expect(rechained.code).toBe(1);
    expect(rechained.stdout).toContain("the export's events are not the ones it signed");

    // A signature that is not the key's fails too.
    const original = JSON.parse(readFileSync(file, "utf8")) as typeof exported;
    original.custody.checkpoints[0]!.signature = Buffer.from("x".repeat(64)).toString("base64");
    writeFileSync(tamperedFile, JSON.stringify(original));
    const forged = await cli(["--export", tamperedFile, "--public-key", keyFile, "--offline"]);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain("its signature does not verify");
  });
});

describe("evidence and access log of a security incident", () => {
  it("a pinned file is copied with its SHA-256; deleting it in Slack changes nothing; a changed copy is reported", async () => {
    const { id, channelId } = await driver.declare("security", "Leaked credentials");
    h().slack.channel(channelId)!.members.push("U_IC");
    const content = `AKIA... found in build log ${Date.now()}`;
    const sha256 = createHash("sha256").update(content).digest("hex");
    const message = h().slack.userPosts(channelId, "U_DECLARER", "Credential found in the CI log", {
      files: [{ name: "ci-log.txt", content, mimetype: "text/plain" }],
    });
    await pinned(channelId, message.ts);
    const preserved = await waitFor(() => eventIn(id, (e) => e.kind === "evidence_preserved"));
    expect(preserved.data).toMatchObject({ sha256, name: "ci-log.txt", addedBy: "slack:U_IC" });
    expect(readFileSync(join(evidenceDir, sha256), "utf8")).toBe(content);
    // The download carried the bot token (the fake answers a sign-in page otherwise).
    expect(h().slack.unexpected).toEqual([]);

    // Gone from Slack: the file and the message.
    h().slack.userDeletesFile(message.files![0]!.id);
    h().slack.userDeletes(channelId, message.ts);
    await sendEvent(h().bot.url, SIGNING_SECRET, messageDeleted({ channelId, ts: message.ts }));
    await waitFor(() =>
      h()
        .bot.deps.timeline.list(id)
        .some((e) => e.kind === "message_deleted"),
    );

    const v = await verify(id);
    expect(v.intact).toBe(true);
    expect(v.evidence).toEqual([expect.objectContaining({ sha256, state: "intact" })]);
    const review = (await (await api(`/api/incidents/${id}/timeline?format=json`)).json()) as {
      timeline: Array<{ kind: string; text: string; deleted: unknown }>;
      custody: {
        evidence: Array<{ what: string; sha256: string; addedBy: string; addedAt: string }>;
        access: Array<{ who: string; what: string }>;
      };
    };
    expect(review.timeline.find((e) => e.kind === "message_recorded")).toMatchObject({
      text: "Credential found in the CI log",
      deleted: expect.anything(),
    });
    expect(review.custody.evidence).toContainEqual(
      expect.objectContaining({ what: "file", sha256, addedBy: "slack:U_IC" }),
    );
    // Who saw what: the reads above, with the token kind.
    expect(review.custody.access.map((a) => a.what)).toEqual(
      expect.arrayContaining(["timeline/verify", "timeline (json)"]),
    );
    expect(review.custody.access.every((a) => a.who === "api:full-token")).toBe(true);
    const markdown = await (await api(`/api/incidents/${id}/timeline?format=md`)).text();
    expect(markdown).toContain("### Evidence");
    expect(markdown).toContain(sha256);
    expect(markdown).toContain("### Access log");

    // Someone edits the kept copy.
    chmodSync(join(evidenceDir, sha256), 0o640); // copies are stored read-only
    writeFileSync(join(evidenceDir, sha256), `${content} (edited)`);
    const changed = await verify(id);
    expect(changed.intact).toBe(false);
    expect(changed.evidence).toEqual([expect.objectContaining({ sha256, state: "changed" })]);
    const out = await cli([String(id)]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`BROKEN evidence: #${preserved.seq} ci-log.txt (${sha256}) is changed`);
  });

  it("the copy is retried while Slack fails; a file already gone is recorded as a warning", async () => {
    const { id, channelId } = await driver.declare("security", "Phishing mail");
    h().slack.channel(channelId)!.members.push("U_IC");
    const pin = async (text: string, name: string) => {
      const m = h().slack.userPosts(channelId, "U_DECLARER", text, {
        files: [{ name, content: `${name} bytes` }],
      });
      await pinned(channelId, m.ts);
      return m;
    };
    h().slack.failNext("files.info", "ratelimited"); // HTTP 429, Retry-After: 1
    await pin("The mail's headers", "headers.eml");
    await waitFor(
      () =>
        h()
          .bot.deps.timeline.list(id)
          .some((e) => e.kind === "evidence_preserved"),
      {
        timeoutMs: 10_000,
      },
    );
    expect(
      h()
        .slack.callsTo("files.info")
        .filter((c) => c.args.file).length,
    ).toBeGreaterThanOrEqual(2);

    h().slack.allowErrors("file_deleted");
    const gone = h().slack.userPosts(channelId, "U_DECLARER", "Attachment", {
      files: [{ name: "invoice.pdf", content: "pdf" }],
    });
    h().slack.userDeletesFile(gone.files![0]!.id);
    await pinned(channelId, gone.ts);
    const warning = await waitFor(() =>
      eventIn(id, (e) => e.kind === "warning" && e.text.includes("invoice.pdf")),
    );
    expect(warning.text).toContain("Could not preserve file invoice.pdf");
    expect(warning.text).toContain("file_deleted");
  });

  it("reads of other incidents are not logged, and their files are not copied", async () => {
    const before = h().slack.callsTo("files.info").length;
    const { id, channelId } = await driver.declare("sev3", "Typo on the pricing page");
    h().slack.channel(channelId)!.members.push("U_IC");
    const message = h().slack.userPosts(channelId, "U_DECLARER", "Screenshot", {
      files: [{ name: "typo.png", content: "png bytes", mimetype: "image/png" }],
    });
    await pinned(channelId, message.ts);
    await waitFor(() =>
      h()
        .bot.deps.timeline.list(id)
        .some((e) => e.kind === "message_recorded"),
    );
    await slackSettled(h().db.path);
    expect(h().slack.callsTo("files.info").length).toBe(before);
    expect(
      h()
        .bot.deps.timeline.list(id)
        .some((e) => e.kind === "evidence_preserved"),
    ).toBe(false);
    expect((await api(`/api/incidents/${id}`)).status).toBe(200);
    expect(h().bot.deps.accessLog.list(id)).toEqual([]);
  });
});

describe("the start-up log", () => {
  /** The bot started in this process on a fresh record, its log lines kept. */
  async function startupLog(extra: Record<string, string>) {
    const db = createTmpDb();
    const lines: string[] = [];
    const vars = testEnv(
      { slack: h().slack, redis: await sharedRedis(), db },
      { ESCALATION_MATRIX: AUDIT_MATRIX, API_TOKEN, ...extra },
    );
    const loaded = loadConfig(vars);
    if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
    const bot = await startBot(
      loaded.config,
      createLogger("info", { write: (line: string) => void lines.push(line) }),
    );
    const publicKey = await fetch(`${bot.url}/api/audit/public-key`);
    await bot.stop();
    db.remove();
    return { log: lines.join(""), publicKey };
  }

  it("without AUDIT_SIGNING_KEY the bot starts and says that checkpoints are unsigned", async () => {
    const { log, publicKey } = await startupLog({});
    expect(log).toContain("checkpoints are unsigned (hash only)");
    expect(log).toContain("imoc is up");
    expect(publicKey.status).toBe(404);
  });

  it("with it, the log names the key by its id and never prints the key", async () => {
    const { log, publicKey } = await startupLog({ AUDIT_SIGNING_KEY: pem });
    expect(log).toContain("checkpoints are signed (Ed25519)");
    expect(log).toContain(`"keyId":"${publicKey.headers.get("x-key-id")}"`);
    expect(log).not.toContain("PRIVATE KEY");
    expect(log).not.toContain(pem.split("\n")[1]!);
  });
});
