import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { describe, expect, it } from "vitest";
import { incidentCommand } from "../../src/adapters/slack/listeners/commands/incident-command.js";
import { isValidChannelName } from "../../src/domain/incident/channel-name.js";
import { SIGNING_SECRET } from "../support/bot-harness.js";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import { makeTriggerId, sendSlashCommand } from "../support/slack-signer.js";
import { waitFor } from "../support/wait-for.js";
import { slackSettled } from "../support/outbox.js";

/**
 * 10,000 random `/incident` texts (unicode, 10k-character strings, mentions, control characters,
 * SQL fragments, random subcommands) through the real bot, its SQLite file and Redis, and the
 * Slack fake (which refuses invalid channel names, over-long topics and block texts).
 *
 * The split, to run in well under a minute on 2 cores: the first 1,200 go the whole way, signed
 * POSTs to /slack/events (signature check, idempotency middleware, Bolt, the listener, replies on
 * response_url); the other 8,800 go to the same `/incident` listener the bot registers, with the
 * bot's own Deps, skipping only HTTP and signing. About 2 % of the texts declare, so a few hundred
 * channels are created in all. The seed is printed on failure: FUZZ_SEED=<n> replays a run.
 */

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const TOTAL = 10_000;
const OVER_HTTP = 1_200;

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { next, int, pick };
}

const HEADS = [
  ...["note", "status", "sev", "severity", "resolve", "help", "ack", "mitigate", "title", "update"],
  ...["timeline", "role", "playbook", "service", "escalation", "oncall", "sla-breach", "NOTE", "Help"],
  ...["", "drop", "déclare", "<!channel>", "'; --", "🔥", "\u0000"],
];
const ARGS = [
  ...["sev1", "sev2", "sev3", "sev4", "security", "drill", "sev9", "SEV2", "1", "-1", "0", "99999999999"],
  ...["commander", "comms", "scribe", "<@U_DECLARER>", "<@U_NOBODY|nobody>", "<#CGENERAL|general>"],
  ...["<!channel>", "<!here>", "<!everyone>", "<!subteam^S1|@oncall>", "<!subteam^S0>", "@here", "@channel"],
  ...[
    "'; DROP TABLE incidents; --",
    "1 OR 1=1",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "NULL",
    "$(reboot)",
    "{{title}}",
  ],
  ...[
    "🔥",
    "👩‍👩‍👧‍👦",
    "Ünïcödé",
    "日本語のタイトル",
    "עברית",
    "مرحبا",
    "\u202ereversed",
    "e\u0301",
    "ｆｕｌｌ",
  ],
  ...[
    "\u0000",
    "\u0007",
    "\u001b[31m",
    "\r\n",
    "\t",
    "\u2028",
    "\ufeff",
    "\ud800",
    "&amp;",
    "&lt;",
    "<",
    ">",
  ],
  ...["*bold*", "_it_", "`code`", "```block```", ">quote", "https://example.com/a?b=c", "#", "|", "--"],
  ...["latency", "checkout", "db", "rolled", "back", "a", "incident", "-", "inc-1", "   "],
];

function makeText(r: ReturnType<typeof prng>): string {
  const roll = r.next();
  if (roll < 0.02)
    return `declare ${r.pick(["sev1", "sev2", "sev3", "sev4", "security"])} ${words(r, 1 + r.int(6))}`;
  if (roll < 0.03) return `${r.pick(HEADS)} ${long(r)}`;
  if (roll < 0.04) return long(r);
  if (roll < 0.05) return `declare ${words(r, r.int(4))}`; // mostly refused: no severity
  return `${r.pick(HEADS)} ${words(r, r.int(8))}`.slice(0, r.next() < 0.5 ? 200 : 4000);
}
const words = (r: ReturnType<typeof prng>, n: number) =>
  Array.from({ length: n }, () => r.pick(ARGS)).join(r.pick([" ", "  ", "", "\n"]));
/** About 10,000 characters of fragments (a pasted log, a runaway paste). */
const long = (r: ReturnType<typeof prng>) => {
  let s = "";
  while (s.length < 10_000) s += `${r.pick(ARGS)}${r.pick([" ", "x".repeat(r.int(500))])}`;
  return s.slice(0, 10_000);
};

/** Collects garbage for a stable heap reading (the test runs without --expose-gc). */
function gc(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

const h = useHarness({}, { allowSlackErrors: ["user_not_found"] });
const { declare } = incidentDriver(h);

describe("fuzzing /incident", () => {
  it(`answers ${TOTAL.toLocaleString("en")} random texts, crashes not, names every channel validly, keeps memory flat`, {
    timeout: 120_000,
  }, async () => {
    const r = prng(SEED);
    const seed = `FUZZ_SEED=${SEED}`;
    const channels = [
      (await declare("sev3", "Fuzz target one")).channelId,
      (await declare("sev2", "Fuzz two")).channelId,
    ];
    const channelFor = () => (r.next() < 0.3 ? "CGENERAL" : r.pick(channels));
    const texts = Array.from({ length: TOTAL }, () => makeText(r));

    // 1. Over HTTP, 20 at a time: each answered on its response_url, or with a modal.
    let sent = 0;
    const answered = (key: string, trigger: string) =>
      h().slack.responses.some((x) => x.key === key) || h().slack.views.some((v) => v.triggerId === trigger);
    while (sent < OVER_HTTP) {
      const batch = texts.slice(sent, Math.min(sent + 20, OVER_HTTP)).map(async (text, i) => {
        const key = `fuzz-${sent + i}`;
        const triggerId = makeTriggerId();
        const res = await sendSlashCommand(h().bot.url, SIGNING_SECRET, {
          text,
          channelId: channelFor(),
          responseUrl: h().slack.responseUrl(key),
          triggerId,
        });
        expect(res.status, `${seed} HTTP ${res.status} for ${JSON.stringify(text.slice(0, 200))}`).toBe(200);
        await waitFor(() => answered(key, triggerId), {
          timeoutMs: 15_000,
          describe: () => `${seed}: no answer to ${JSON.stringify(text.slice(0, 200))}`,
        });
      });
      await Promise.all(batch);
      sent += 20;
    }
    gc();
    const before = process.memoryUsage();

    // 2. The rest, straight to the /incident listener with the bot's Deps.
    const listener = incidentCommand({ deps: h().bot.deps });
    const failed: string[] = [];
    // A declaration is answered later, on its response_url, once the Slack outbox opened the channel.
    const later: Array<{ key: string; text: string }> = [];
    for (let i = OVER_HTTP; i < TOTAL; i += 10) {
      await Promise.all(
        texts.slice(i, i + 10).map(async (text, j) => {
          const replies: string[] = [];
          let modals = 0;
          const key = `fuzz-direct-${i + j}`;
          const args = {
            ack: async () => {},
            command: {
              text,
              user_id: "U_DECLARER",
              channel_id: channelFor(),
              trigger_id: makeTriggerId(),
              response_url: h().slack.responseUrl(key),
            },
            respond: async (m: { text: string }) => void replies.push(m.text),
            client: { views: { open: async () => void modals++ } },
          };
          // A command that never answers is a finding too (a lone surrogate once made the Slack
          // client retry an unencodable request for minutes).
          let timer: NodeJS.Timeout | undefined;
          const hung = new Promise<false>((ok) => {
            timer = setTimeout(() => ok(false), 10_000);
          });
          const done = listener(args as unknown as Parameters<typeof listener>[0]).then(() => true);
          if (!(await Promise.race([done, hung])))
            failed.push(
              `hung for 10 s on ${JSON.stringify(text.slice(0, 300))} in ${args.command.channel_id}`,
            );
          clearTimeout(timer);
          if (replies.length + modals === 0) later.push({ key, text });
          for (const reply of replies)
            if (reply.startsWith(":x:"))
              failed.push(`${reply.slice(0, 300)} for ${JSON.stringify(text.slice(0, 200))}`);
        }),
      );
    }
    await slackSettled(h().db.path, 60_000);
    for (const { key, text } of later)
      if (!h().slack.responses.some((x) => x.key === key))
        failed.push(`no answer to ${JSON.stringify(text.slice(0, 200))}`);
    gc();
    const after = process.memoryUsage();
    console.log(
      `${seed}: heap ${(before.heapUsed / 2 ** 20).toFixed(1)} -> ${(after.heapUsed / 2 ** 20).toFixed(1)} MB, rss ${(before.rss / 2 ** 20).toFixed(1)} -> ${(after.rss / 2 ** 20).toFixed(1)} MB`,
    );

    expect(failed.slice(0, 10), seed).toEqual([]);
    const created = h()
      .slack.callsTo("conversations.create")
      .map((c) => String(c.args.name));
    expect(created.length, seed).toBeGreaterThan(100);
    expect(
      created.filter((name) => !isValidChannelName(name)),
      seed,
    ).toEqual([]);
    expect((await fetch(`${h().bot.url}/healthz`)).status).toBe(200);
    // 8,800 requests: flat is about +3 MB (the Slack fake in this process keeps every call); a leak
    // of 3 KB a request would show.
    const grownMb = (after.heapUsed - before.heapUsed) / 2 ** 20;
    expect(grownMb, `${seed}: heap grew ${grownMb.toFixed(1)} MB`).toBeLessThan(24);
    expect((after.rss - before.rss) / 2 ** 20, seed).toBeLessThan(200);
  });
});
