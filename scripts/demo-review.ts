/**
 * The IMOC log's part of `npm run demo`, kept apart so the demo's story can change
 * without touching it: a message is pinned into the log, the post-incident review is pulled with
 * `/incident timeline` and printed as it was uploaded to Slack, and the JSON export is saved from
 * the REST API.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { SIGNING_SECRET } from "../test/support/bot-harness.js";
import type { SlackFake } from "../test/support/slack-fake.js";
import { reactionAdded, sendEvent, sendSlashCommand } from "../test/support/slack-signer.js";
import { waitFor } from "../test/support/wait-for.js";

/** The demo bot's REST API token (set in its environment by the demo; not a secret). */
export const DEMO_API_TOKEN = "demo-api-token-not-a-secret";

const tty = process.stdout.isTTY;
const bold = (s: string) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (tty ? `\x1b[2m${s}\x1b[0m` : s);

export async function showReview(opts: {
  botUrl: string;
  slack: SlackFake;
  channelId: string;
  dir: string;
}): Promise<{ markdown: string; jsonPath: string }> {
  const { slack, channelId, botUrl } = opts;
  const slash = async (userId: string, text: string) => {
    const key = `review-${slack.responses.length}-${text.split(" ")[0]}`;
    console.log(`\n${bold(`@${userId}`)} types in #${slack.channel(channelId)?.name}: /incident ${text}`);
    await sendSlashCommand(botUrl, SIGNING_SECRET, {
      text,
      userId,
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
    console.log(`  ${dim("only visible to you:")} ${reply}`);
  };

  slack.channel(channelId)?.members.push("U_PRIMARY");
  const message = slack.userPosts(channelId, "U_PRIMARY", "Root cause: 1.4.2 dropped the DB pool size to 2", {
    files: [{ name: "pool-metrics.png" }],
  });
  console.log(
    `\n${bold("@U_PRIMARY")} posts "${message.text}" (with pool-metrics.png) and reacts with :pushpin:`,
  );
  await sendEvent(
    botUrl,
    SIGNING_SECRET,
    reactionAdded({ reaction: "pushpin", userId: "U_PRIMARY", channelId, ts: message.ts }),
  );
  const told = await waitFor(
    () => slack.ephemerals.find((e) => e.text?.includes("Recorded in the IMOC log")),
    {
      timeoutMs: 10_000,
    },
  );
  console.log(`  ${dim("only visible to you:")} ${told.text}`);
  await slash("U_DECLARER", "followup Alert when the DB pool is below 10 <@U_PRIMARY|pat> due in 7 days");
  await slash("U_DECLARER", "timeline");

  const file = await waitFor(() => slack.files.find((f) => f.completed && f.channels.includes(channelId)), {
    timeoutMs: 10_000,
  });
  const markdown = file.bytes?.toString("utf8") ?? "";
  console.log(`\n${bold(`Uploaded to #${slack.channel(channelId)?.name}: ${file.filename}`)}\n`);
  console.log(markdown);

  const incidentId = /inc-(\d+)/.exec(file.filename)?.[1];
  const res = await fetch(`${botUrl}/api/incidents/${incidentId}/timeline?format=json`, {
    headers: { authorization: `Bearer ${DEMO_API_TOKEN}` },
  });
  if (!res.ok) throw new Error(`the JSON export failed: HTTP ${res.status} ${await res.text()}`);
  const jsonPath = join(opts.dir, `inc-${incidentId}-review.json`);
  writeFileSync(jsonPath, `${JSON.stringify(await res.json(), null, 2)}\n`);
  console.log(`${bold("JSON export")} (GET /api/incidents/${incidentId}/timeline?format=json): ${jsonPath}`);
  return { markdown, jsonPath };
}
