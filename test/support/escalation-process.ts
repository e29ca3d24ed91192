import { resolve } from "node:path";
import Database from "better-sqlite3";
import { BOT_TOKEN, type BotProcess, SIGNING_SECRET, startBotProcess, testEnv } from "./bot-harness.js";
import { secondsMatrixVars } from "./escalation-env.js";
import { type PagerDutyFake, startPagerDutyFake } from "./pagerduty-fake.js";
import { startRedis, type TestRedis } from "./redis.js";
import { type SlackFake, startSlackFake } from "./slack-fake.js";
import { sendSlashCommand } from "./slack-signer.js";
import { createTmpDb, type TmpDb } from "./tmp-db.js";
import { timersQueue } from "./timers-queue.js";
import { waitFor } from "./wait-for.js";

/** The handbook's matrix with 5m read as 1 s: primary 0, secondary 1, IC 2, director 3, CTO 6 s. */
export const FAST_MATRIX = resolve(import.meta.dirname, "../fixtures/matrix/fast.yaml");
export const SEV1_TARGETS = ["cto", "engineering_director", "incident_commander", "primary", "secondary"];

/**
 * For crash and shutdown tests of the bot as its own process: the fakes, a private Redis (the
 * bot's queue survives its process), one SQLite file, and what the tests read back.
 */
export async function startEscalationWorld() {
  const [slack, redis, pd]: [SlackFake, TestRedis, PagerDutyFake] = await Promise.all([
    // A step rerun after a crash or a hand-back may invite someone already in the channel again;
    // the bot takes Slack's already_in_channel as done.
    startSlackFake({ token: BOT_TOKEN, allowErrors: ["already_in_channel"] }),
    startRedis(),
    startPagerDutyFake(),
  ]);
  let db: TmpDb = createTmpDb();

  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const conn = new Database(db.path, { readonly: true });
    try {
      return conn.prepare(sql).all(...params) as T[];
    } finally {
      conn.close();
    }
  };

  return {
    slack,
    redis,
    pd,
    get db() {
      return db;
    },
    /** A new SQLite file and bot variables for it (the matrix in seconds/5, PagerDuty at `pdHost`). */
    freshBotVars(pdHost: string = pd.eventsHost, extra: Record<string, string> = {}): Record<string, string> {
      db.remove();
      db = createTmpDb();
      return testEnv(
        { slack, redis, db },
        {
          ...secondsMatrixVars(slack, "1h"),
          ESCALATION_MATRIX: FAST_MATRIX,
          PAGERDUTY_EVENTS_HOST: pdHost,
          ...extra,
        },
      );
    },
    /** `/incident declare sev1 <title>`, answered. */
    async declareSev1(bot: BotProcess, title: string): Promise<void> {
      const key = `declare-${Math.random().toString(36).slice(2)}`;
      await sendSlashCommand(bot.url, SIGNING_SECRET, {
        text: `declare sev1 ${title}`,
        responseUrl: slack.responseUrl(key),
      });
      await waitFor(() => slack.responses.find((r) => r.key === key), {
        timeoutMs: 15_000,
        describe: () => bot.output(),
      });
    },
    query,
    /** Whether `target`'s page (of the only or the given incident) went out and was recorded. */
    pagedAndStamped(target: string, incidentId?: number): boolean {
      const rows = query<{ sent: number | null; incident: number }>(
        "select pagerduty_sent_at as sent, incident_id as incident from pages where target = ?",
        target,
      );
      return rows.some((r) => r.sent && (incidentId === undefined || r.incident === incidentId));
    },
    /**
     * Once no step of any incident is left in Redis (all ran): how many triggers PagerDuty
     * received per dedup key.
     */
    async triggersWhenDone(vars: Record<string, string>, timeoutMs = 60_000): Promise<Map<string, number>> {
      const timers = timersQueue(redis.url, vars.QUEUE_PREFIX!);
      try {
        for (const { id } of query<{ id: number }>("select id from incidents")) {
          await waitFor(async () => (await timers.stepJobs(id)).length === 0, { timeoutMs });
        }
      } finally {
        await timers.close();
      }
      const perKey = new Map<string, number>();
      for (const e of pd.events.filter((e) => e.action === "trigger")) {
        perKey.set(e.dedupKey, (perKey.get(e.dedupKey) ?? 0) + 1);
      }
      return perKey;
    },
    startBot: (vars: Record<string, string>) => startBotProcess(vars),
    async close() {
      await Promise.all([slack.close(), redis.stop(), pd.close()]);
      db.remove();
    },
  };
}

export type EscalationWorld = Awaited<ReturnType<typeof startEscalationWorld>>;
