/**
 * `npm run demo`: the real bot, as its own process, with a real Redis and a real SQLite file,
 * against local stand-ins for Slack and PagerDuty. It plays an incident the way people would,
 * with signed Slack requests, and prints what they would have seen in Slack.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BOT_TOKEN, SIGNING_SECRET, startBotProcess, testEnv } from "../test/support/bot-harness.js";
import { startRedis } from "../test/support/redis.js";
import { type FakeMessage, type SlackFake, startSlackFake } from "../test/support/slack-fake.js";
import { sendSlashCommand } from "../test/support/slack-signer.js";
import { waitFor } from "../test/support/wait-for.js";
import { DEMO_API_TOKEN, showReview } from "./demo-review.js";

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

const PEOPLE: Record<string, string> = {
  U_DECLARER: "dana",
  U_PRIMARY: "pat (primary on-call)",
  U_IC: "ivy (incident commander)",
};

function readable(text: string, slack: SlackFake): string {
  return text
    .replace(/<#(\w+)>/g, (_, id: string) => `#${slack.channel(id)?.name ?? id}`)
    .replace(/<@(\w+)>/g, (_, id: string) => `@${PEOPLE[id]?.split(" ")[0] ?? id}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "imoc-demo-"));
  const dbPath = join(dir, "imoc.sqlite");
  const [slack, redis] = await Promise.all([startSlackFake({ token: BOT_TOKEN }), startRedis()]);
  const vars = testEnv(
    { slack, redis, db: { path: dbPath, dir, remove() {} } },
    { LOG_LEVEL: "warn", API_TOKEN: DEMO_API_TOKEN },
  );
  console.log(
    bold("imoc demo") +
      dim(`  (Slack and PagerDuty are local stand-ins; Redis ${redis.url}; SQLite ${dbPath})`),
  );
  const bot = await startBotProcess(vars);
  const seen = new Set<string>();
  let step = 0;

  const showNewMessages = () => {
    const fresh: FakeMessage[] = [];
    for (const channel of [
      "CINCIDENTS",
      ...slack.calls
        .filter((c) => c.method === "conversations.create" && c.ok)
        .map((c) => String(c.args.name)),
    ]) {
      const id = channel === "CINCIDENTS" ? channel : slack.channelByName(channel)?.id;
      if (!id) continue;
      for (const m of slack.messagesIn(id)) if (!seen.has(`${id}/${m.ts}`)) fresh.push(m);
    }
    fresh.sort((a, b) => Number(a.ts) - Number(b.ts));
    for (const m of fresh) {
      seen.add(`${m.channel}/${m.ts}`);
      console.log(`  ${bold(`#${slack.channel(m.channel)?.name}`)}  imoc: ${readable(m.text ?? "", slack)}`);
    }
  };

  const type = async (who: string, text: string, channelId?: string) => {
    step++;
    const where = channelId ? `#${slack.channel(channelId)?.name}` : "#general";
    console.log(`\n${bold(`${step}. @${PEOPLE[who]?.split(" ")[0]}`)} types in ${where}: /incident ${text}`);
    const key = `step-${step}`;
    const res = await sendSlashCommand(bot.url, SIGNING_SECRET, {
      text,
      userId: who,
      channelId,
      responseUrl: slack.responseUrl(key),
    });
    console.log(dim(`  (Slack got HTTP ${res.status} in ${Math.round(res.ms)} ms)`));
    const reply = await waitFor(
      () => slack.responses.find((r) => r.key === key)?.body.text as string | undefined,
      {
        timeoutMs: 10_000,
        describe: () => slack.describe(),
      },
    );
    await new Promise((r) => setTimeout(r, 150));
    console.log(`  ${dim("only visible to you:")} ${readable(reply, slack)}`);
    showNewMessages();
  };

  try {
    await type("U_DECLARER", "declare sev1 Checkout API returns 500s");
    const channel = slack.callsTo("conversations.create").find((c) => c.ok)?.args.name as string;
    const channelId = slack.channelByName(channel)!.id;
    await type(
      "U_DECLARER",
      "note Error rate 38% on /checkout since 03:02, deploy 1.4.2 at 02:58",
      channelId,
    );
    await type("U_PRIMARY", "ack", channelId);
    await type("U_PRIMARY", "mitigate", channelId);
    await type("U_PRIMARY", "resolve Rolled back to 1.4.1; error rate back to 0.1%", channelId);
    await type("U_PRIMARY", "resolve", channelId);

    console.log(
      `\n${bold("Channel")} #${channel}: topic "${readable(slack.channelByName(channel)!.topic, slack)}"`,
    );
    console.log(`${bold("Members")}: ${slack.membersOf(channelId).join(", ")}`);
    console.log(`${bold("The record")}: ${dbPath}`);
    console.log(
      dim(
        `  sqlite3 ${dbPath} "select seq, datetime(occurred_at/1000,'unixepoch'), kind, actor, text from timeline_events"`,
      ),
    );
    await showReview({ botUrl: bot.url, slack, channelId, dir });
    if (slack.unexpected.length)
      throw new Error(`the bot made calls Slack would reject: ${JSON.stringify(slack.unexpected)}`);
  } finally {
    await bot.stop();
    await Promise.all([slack.close(), redis.stop()]);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
