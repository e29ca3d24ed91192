import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { type Harness, type HarnessOptions, SIGNING_SECRET, startHarness } from "./bot-harness.js";
import { sendSlashCommand } from "./slack-signer.js";
import { slackSettled } from "./outbox.js";
import { waitFor } from "./wait-for.js";

/**
 * What a person does in Slack, for integration tests over a `Harness`: slash commands (answers
 * are read from the response_url), and a read-only look at the SQLite record.
 */
export function incidentDriver(h: () => Harness) {
  const keyOf = (text: string) => text.replace(/[^a-zA-Z0-9-]+/g, "-");
  let n = 0;

  function rows<T>(sql: string, ...params: unknown[]): T[] {
    const db = new Database(h().db.path, { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }

  /** Sends `/incident <text>` and returns the ephemeral answer. */
  async function slash(
    text: string,
    opts: { channelId?: string; userId?: string; noReply?: boolean; unsettled?: boolean } = {},
  ): Promise<string> {
    const key = keyOf(`${++n}-${text}`);
    const res = await sendSlashCommand(h().bot.url, SIGNING_SECRET, {
      text,
      channelId: opts.channelId,
      userId: opts.userId,
      responseUrl: h().slack.responseUrl(key),
    });
    expect(res.status).toBe(200);
    if (opts.noReply) return "";
    // Generous: escalation tests send commands while queue workers are busy on a 2-core machine.
    const reply = await waitFor(
      () => h().slack.responses.find((r) => r.key === key)?.body.text as string | undefined,
      { timeoutMs: 10_000, describe: () => h().slack.describe() },
    );
    // What the command posts in channels goes out from the outbox just after the answer.
    if (!opts.unsettled) await slackSettled(h().db.path);
    return reply;
  }

  async function declare(args: string, title: string) {
    const reply = await slash(`declare ${args} ${title}`);
    const incident = rows<{ id: number; channel_id: string }>(
      "select id, channel_id from incidents where title = ? order by id desc",
      title,
    )[0];
    if (!incident?.channel_id) throw new Error(`incident not declared: ${reply}`);
    return { id: incident.id, channelId: incident.channel_id, reply };
  }

  const events = (incidentId: number) =>
    rows<{ kind: string; actor: string; text: string; data: string }>(
      "select kind, actor, text, data from timeline_events where incident_id = ? order by seq",
      incidentId,
    );

  return { slash, declare, rows, events };
}

/**
 * One harness for the test file: started before its tests, stopped after them, and every test
 * ends with no unexpected Slack call. Returns the getter `incidentDriver` takes.
 */
export function useHarness(extra: Record<string, string> = {}, options: HarnessOptions = {}): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness(extra, options);
  });
  afterAll(async () => {
    await h?.stop();
  });
  afterEach(() => {
    expect(h?.slack.unexpected).toEqual([]);
  });
  return () => {
    if (!h) throw new Error("the harness is not started yet (use it inside a test)");
    return h;
  };
}
