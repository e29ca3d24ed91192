/**
 * `npm run demo`: the real bot, as its own process, with a real Redis and a real SQLite file,
 * against local stand-ins for Slack and PagerDuty. It plays a SEV-1 with the handbook's
 * escalation matrix in seconds (5m → 5s): an Alertmanager alert opens it by itself (a repeat
 * only bumps its count), pages at 0/5/10/15/30 s, the "not acknowledged" line, an acknowledgement
 * from the page DM, a status update, the templated updates, /incident escalation, and the resolve.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BOT_TOKEN, SIGNING_SECRET, startBotProcess, testEnv } from "../test/support/bot-harness.js";
import { secondsMatrixVars, targetOfKey } from "../test/support/escalation-env.js";
import { startPagerDutyFake } from "../test/support/pagerduty-fake.js";
import { startRedis } from "../test/support/redis.js";
import { alertmanagerPayload, sendAlertmanager } from "../test/support/alertmanager.js";
import { type SlackFake, startSlackFake } from "../test/support/slack-fake.js";
import { blockAction, sendInteraction, sendSlashCommand } from "../test/support/slack-signer.js";
import { waitFor } from "../test/support/wait-for.js";
import { DEMO_API_TOKEN, showReview } from "./demo-review.js";

const tty = process.stdout.isTTY;
const bold = (s: string) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (tty ? `\x1b[2m${s}\x1b[0m` : s);
const red = (s: string) => (tty ? `\x1b[31m${s}\x1b[0m` : s);

const ALERTS_TOKEN = "demo-alerts-token-0123456789";
/** The seconds matrix plus an alert route: Alertmanager's CheckoutDown opens a SEV-1 by itself. */
const ALERT_ROUTES = `
alerts:
  unacknowledged_after: 5s
  routes:
    - { name: checkout-down, match: { alertname: CheckoutDown }, severity: sev1, service: checkout-api, mode: declare }
`;

const PEOPLE: Record<string, string> = {
  U_DECLARER: "dana",
  U_PRIMARY: "pat",
  U_SECONDARY: "sam",
  U_IC: "ira",
  U_DIRECTOR: "drew",
  U_CTO: "casey",
};

function readable(text: string, slack: SlackFake): string {
  return text
    .replace(/<#(\w+)>/g, (_, id: string) => `#${slack.channel(id)?.name ?? id}`)
    .replace(/<@(\w+)>/g, (_, id: string) => `@${PEOPLE[id] ?? id}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "imoc-demo-"));
  const dbPath = join(dir, "imoc.sqlite");
  const [slack, redis, pd] = await Promise.all([
    startSlackFake({ token: BOT_TOKEN }),
    startRedis(),
    startPagerDutyFake(),
  ]);
  const vars = testEnv(
    { slack, redis, db: { path: dbPath, dir, remove() {} } },
    {
      ...secondsMatrixVars(slack, "15s"),
      PAGERDUTY_EVENTS_HOST: pd.eventsHost,
      LOG_LEVEL: "warn",
      API_TOKEN: DEMO_API_TOKEN,
      ALERTS_TOKEN,
    },
  );
  const matrixPath = join(dir, "escalation-matrix.yaml");
  writeFileSync(matrixPath, readFileSync(String(vars.ESCALATION_MATRIX), "utf8") + ALERT_ROUTES);
  vars.ESCALATION_MATRIX = matrixPath;
  console.log(
    bold("imoc demo") +
      dim(`  (Slack and PagerDuty are local stand-ins; Redis ${redis.url}; SQLite ${dbPath})`),
  );
  console.log(
    dim("  escalation matrix: test/fixtures/matrix/seconds.yaml (the handbook's, minutes read as seconds)"),
  );
  const bot = await startBotProcess(vars);
  let t0 = Date.now();
  const stamp = () => dim(`T+${((Date.now() - t0) / 1000).toFixed(1).padStart(4)}s`);
  const seen = new Set<string>();
  let pdSeen = 0;

  // What people would see, as it happens: channels, DMs, and what PagerDuty received.
  const show = () => {
    for (const m of allBotMessages(slack)) {
      const key = `${m.channel}/${m.ts}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const channel = slack.channel(m.channel);
      const where = channel?.isIm
        ? `DM to @${PEOPLE[channel.user ?? ""] ?? channel.user}`
        : `#${channel?.name}`;
      const first = readable(m.text ?? "", slack).split("\n");
      console.log(`${stamp()}  ${bold(where)}  ${first[0]}`);
      for (const line of first.slice(1)) console.log(`${" ".repeat(9)}${dim("│")} ${line}`);
    }
    for (const e of pd.events.slice(pdSeen)) {
      console.log(
        `${stamp()}  ${red("PagerDuty")}  ${e.action} ${targetOfKey(e.routingKey)} ${dim(`(dedup_key ${e.dedupKey})`)}`,
      );
    }
    pdSeen = pd.events.length;
  };
  const ticker = setInterval(show, 100);
  const sleepUntil = async (s: number) => {
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + s * 1000 - Date.now())));
  };

  let step = 0;
  const type = async (who: string, text: string, channelId?: string) => {
    const key = `step-${++step}`;
    const where = channelId ? `#${slack.channel(channelId)?.name}` : "#general";
    console.log(`\n${stamp()}  ${bold(`@${PEOPLE[who]}`)} types in ${where}: /incident ${text}`);
    await sendSlashCommand(bot.url, SIGNING_SECRET, {
      text,
      userId: who,
      channelId,
      responseUrl: slack.responseUrl(key),
    });
    const reply = await waitFor(
      () => slack.responses.find((r) => r.key === key)?.body.text as string | undefined,
      {
        timeoutMs: 10_000,
        describe: () => slack.describe(),
      },
    );
    console.log(
      `${stamp()}  ${dim("only visible to you:")} ${readable(reply, slack)
        .split("\n")
        .join(`\n${" ".repeat(9)}`)}`,
    );
  };

  const alert = async (what: string) => {
    const payload = alertmanagerPayload({
      alertname: "CheckoutDown",
      labels: { severity: "critical", service: "checkout-api" },
      summary: "Checkout API returns 500s",
      alerts: 3,
    });
    const res = await sendAlertmanager(bot.url, ALERTS_TOKEN, payload);
    console.log(
      `\n${stamp()}  ${bold("Alertmanager")} POST /alerts/alertmanager (${what}) → ${res.status} ${JSON.stringify(res.body)}`,
    );
  };

  try {
    t0 = Date.now();
    await alert("CheckoutDown firing on 3 hosts");
    await waitFor(() => slack.callsTo("conversations.create").find((c) => c.ok), { timeoutMs: 10_000 });
    await sleepUntil(1);
    await alert("the same group again: only its count goes up");
    const channelId = slack.channelByName(
      String(slack.callsTo("conversations.create").find((c) => c.ok)?.args.name),
    )!.id;
    await sleepUntil(2);
    await type(
      "U_DECLARER",
      "note Error rate 38% on /checkout since 03:02, deploy 1.4.2 at 02:58",
      channelId,
    );
    await sleepUntil(12);
    console.log(`\n${stamp()}  ${bold("@pat")} presses ${bold("Acknowledge")} in the page DM`);
    await sendInteraction(
      bot.url,
      SIGNING_SECRET,
      blockAction({
        actionId: "incident_acknowledge",
        value: "1",
        userId: "U_PRIMARY",
        responseUrl: slack.responseUrl("ack"),
      }),
    );
    await sleepUntil(20);
    await type(
      "U_IC",
      "update Rolled back to 1.4.1; error rate falling. Next: confirm with payments.",
      channelId,
    );
    await sleepUntil(31);
    await type("U_IC", "escalation", channelId);
    await sleepUntil(36);
    await type("U_IC", "resolve Rolled back to 1.4.1; error rate back to 0.1%", channelId);
    await sleepUntil(38);
    show();
    clearInterval(ticker);

    console.log(
      `\n${bold("Channel")} #${slack.channel(channelId)?.name}: topic "${readable(slack.channel(channelId)!.topic, slack)}"`,
    );
    console.log(
      `${bold("Members")}: ${slack
        .membersOf(channelId)
        .map((u) => PEOPLE[u] ?? u)
        .join(", ")}`,
    );
    console.log(`${bold("The record")}: ${dbPath}`);
    console.log(
      dim(
        `  sqlite3 ${dbPath} "select seq, datetime(occurred_at/1000,'unixepoch'), kind, actor, text from timeline_events"`,
      ),
    );
    await showReview({ botUrl: bot.url, slack, channelId, dir });
    if (slack.unexpected.length)
      throw new Error(`the bot made calls Slack would reject: ${JSON.stringify(slack.unexpected)}`);
    if (pd.unexpected.length)
      throw new Error(`the bot made calls PagerDuty would reject: ${JSON.stringify(pd.unexpected)}`);
  } finally {
    clearInterval(ticker);
    await bot.stop();
    await Promise.all([slack.close(), redis.stop(), pd.close()]);
  }
}

function allBotMessages(slack: SlackFake) {
  const channels = [
    "incidents",
    "product",
    "support",
    "customer-success",
    ...slack
      .callsTo("conversations.create")
      .filter((c) => c.ok)
      .map((c) => String(c.args.name)),
  ];
  const messages = channels.flatMap((name) => {
    const id = slack.channelByName(name)?.id;
    return id ? slack.messagesIn(id) : [];
  });
  for (const user of Object.keys(PEOPLE)) messages.push(...slack.dms(user));
  return messages.sort((a, b) => Number(a.ts) - Number(b.ts));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
