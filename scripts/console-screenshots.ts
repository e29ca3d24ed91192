/**
 * `npm run screenshots`: the incident console's list and an incident page, light and dark, as
 * PNGs in docs/ (shown in README.md). The real bot in this process, with Redis, SQLite and the
 * Slack and PagerDuty fakes, seeded through slash commands as people would; Debian's chromium.
 */
import { resolve } from "node:path";
import { launchChromium } from "../test/support/chromium.js";
import { startHarness } from "../test/support/bot-harness.js";
import { secondsMatrixVars } from "../test/support/escalation-env.js";
import { slackSettled } from "../test/support/outbox.js";
import { startRedis } from "../test/support/redis.js";
import { sendSlashCommand } from "../test/support/slack-signer.js";
import { SIGNING_SECRET } from "../test/support/bot-harness.js";
import { waitFor } from "../test/support/wait-for.js";

const out = resolve(import.meta.dirname, "../docs");
const h = await startHarness(
  { CONSOLE_RESPONDER_GROUPS: "SRESPONDERS", CONSOLE_ADMIN_GROUPS: "SADMINS" },
  {
    pagerDuty: true,
    // The commander is in the channel already (paged): the role's invite is answered so.
    allowSlackErrors: ["already_in_channel"],
    redis: await startRedis(),
    vars: ({ slack }) => {
      slack.addUserGroup("SRESPONDERS", ["U_PRIMARY", "U_IC"]);
      slack.addUserGroup("SADMINS", ["U_IC"]);
      return secondsMatrixVars(slack, "10m");
    },
  },
);
let n = 0;
async function slash(text: string, userId = "U_DECLARER", channelId = "CGENERAL") {
  const key = `shot-${++n}`;
  await sendSlashCommand(h.bot.url, SIGNING_SECRET, {
    text,
    userId,
    channelId,
    responseUrl: h.slack.responseUrl(key),
  });
  await waitFor(() => h.slack.responses.find((r) => r.key === key), { timeoutMs: 10_000 });
  await slackSettled(h.db.path);
}
const channelOf = (title: string) =>
  waitFor(() => [...h.bot.deps.incidents.list()].find((i) => i.title === title)?.channelId ?? null);

try {
  const older: Array<[string, string, string[]]> = [
    ["sev3", "Typo in the invoice e-mail footer", ["resolve Fixed in the template"]],
    [
      "sev2",
      "Search results stale for up to 10 minutes",
      ["ack", "mitigate", "resolve Reindexed; cron fixed"],
    ],
    ["security", "Suspicious logins from one ASN", ["ack"]],
    ["sev2", "Webhooks delivered late to EU customers", ["ack", "service webhooks"]],
  ];
  for (const [sev, title, then] of older) {
    await slash(`declare ${sev} ${title}`);
    const channel = await channelOf(title);
    for (const command of then) await slash(command, "U_PRIMARY", channel);
  }
  const title = "Checkout API returns 500s for card payments";
  await slash(`declare sev1 ${title}`);
  const channel = await channelOf(title);
  await slash("service checkout-api", "U_DECLARER", channel);
  await slash("role commander <@U_IC|ira>", "U_DECLARER", channel);
  await slash("playbook api-outage", "U_IC", channel);
  await slash(
    "note Error rate 38% on POST /checkout since 14:02; deploy 2.31 went out at 13:58",
    "U_PRIMARY",
    channel,
  );
  await slash("ack", "U_PRIMARY", channel);
  await slash(
    "update Card payments fail for about a third of customers. Rolling back 2.31 now.",
    "U_IC",
    channel,
  );
  await slash("note Rollback to 2.30 started", "U_PRIMARY", channel);

  const browser = await launchChromium();
  const incident = [...h.bot.deps.incidents.list()].find((i) => i.title === title);
  for (const colorScheme of ["light", "dark"] as const) {
    const before = h.slack.dms("U_IC").length;
    await slash("console", "U_IC");
    const dm = await waitFor(() =>
      h.slack
        .dms("U_IC")
        .slice(before)
        .find((m) => /token=/.test(m.text ?? "")),
    );
    const link = /(http\S+token=[\w-]+)/.exec(dm.text ?? "")?.[1] as string;
    const context = await browser.newContext({
      colorScheme,
      viewport: { width: 1280, height: 900 },
      timezoneId: "Europe/London",
      locale: "en-GB",
    });
    const page = await context.newPage();
    await page.goto(link);
    await page.screenshot({ path: `${out}/console-list-${colorScheme}.png` });
    await page.goto(`${h.bot.url}/console/incidents/${incident?.id}`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/console-incident-${colorScheme}.png`, fullPage: true });
    await context.close();
  }
  await browser.close();
  console.log(`screenshots in ${out}`);
} finally {
  await h.stop().catch((error: unknown) => console.error(String(error)));
}
