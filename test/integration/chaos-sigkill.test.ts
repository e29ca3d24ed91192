import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BotProcess } from "../support/bot-harness.js";
import { SECONDS_MATRIX, targetOfKey } from "../support/escalation-env.js";
import { type EscalationWorld, SEV1_TARGETS, startEscalationWorld } from "../support/escalation-process.js";
import { waitFor } from "../support/wait-for.js";

const KILLS = 20;
const INCIDENTS = 5;
/** The incidents are declared in these kill cycles, so their escalations (30 s each) overlap. */
const DECLARE_IN_CYCLE = [0, 2, 4, 6, 8];
/** How long a bot lives after it answers /healthz, at most, before its SIGKILL. */
const MAX_LIFE_MS = 2_500;

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with CHAOS_SEED. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let world: EscalationWorld;
beforeAll(async () => {
  world = await startEscalationWorld();
});
afterAll(async () => {
  await world?.close();
});

/** When each bot was killed. */
const killedAt: number[] = [];

async function kill(bot: BotProcess): Promise<void> {
  const exited = new Promise((ok) => bot.child.once("exit", ok));
  killedAt.push(Date.now());
  bot.child.kill("SIGKILL");
  await exited;
}

/**
 * The one resend the design allows: PagerDuty took a trigger, and the bot was killed before it
 * recorded that (within a second of PagerDuty's answer), so the next bot sends it again with the
 * same dedup key and PagerDuty folds it into the same alert. Anything else twice is a bug.
 */
const WINDOW_MS = 1000;
function resentAcrossAKill(arrivals: number[]): boolean {
  if (arrivals.length !== 2) return false;
  const [first, second] = arrivals as [number, number];
  return killedAt.some((k) => k >= first && k - first < WINDOW_MS && k < second);
}

describe("chaos: SIGKILL at random moments", () => {
  it(`${KILLS} SIGKILLs across ${INCIDENTS} overlapping SEV-1 escalations: every step paged, none twice (but a resend PagerDuty folds)`, async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const random = seeded(seed);
    console.log(`chaos seed ${seed} (replay with CHAOS_SEED=${seed})`);
    // The handbook's matrix in seconds: 0, 5, 10, 15, 30 s.
    const vars = world.freshBotVars(undefined, { ESCALATION_MATRIX: SECONDS_MATRIX });
    const lives: string[] = [];
    let declared = 0;
    for (let cycle = 0; cycle < KILLS; cycle++) {
      const bot = await world.startBot(vars);
      if (DECLARE_IN_CYCLE.includes(cycle)) {
        declared++;
        await world.declareSev1(bot, `Chaos incident ${declared}`);
        // Killing mid-declaration is its own test; here the plan is stored before the kill.
        await waitFor(
          () =>
            world.query("select 1 from escalation_steps where incident_id = ?", declared).length >=
            SEV1_TARGETS.length,
          { timeoutMs: 10_000, describe: () => bot.output() },
        );
      }
      const lifeMs = Math.floor(random() * MAX_LIFE_MS);
      lives.push(String(lifeMs));
      await new Promise((r) => setTimeout(r, lifeMs));
      await kill(bot);
    }

    const last = await world.startBot(vars);
    try {
      const perKey = await world.triggersWhenDone(vars, 90_000);
      const triggers = world.pd.events.filter((e) => e.action === "trigger");
      const context = `seed ${seed}, lives ${lives.join(",")} ms`;
      const arrivals = (key: string) => triggers.filter((e) => e.dedupKey === key).map((e) => e.at);
      const doubled = [...perKey].filter(([, n]) => n > 1).map(([key]) => key);
      const unexplained = doubled.filter((key) => !resentAcrossAKill(arrivals(key)));
      expect(unexplained, `paged twice (${context})`).toEqual([]);
      if (doubled.length > 0) console.log(`resent across a kill, folded by PagerDuty: ${doubled.join(", ")}`);
      // Every step of every incident: 5 incidents x 5 targets, each its own dedup key.
      expect(perKey.size, `steps paged (${context})`).toBe(INCIDENTS * SEV1_TARGETS.length);
      for (const target of SEV1_TARGETS) {
        const keys = new Set(
          triggers.filter((e) => targetOfKey(e.routingKey) === target).map((e) => e.dedupKey),
        );
        expect(keys.size, `${target} (${context})`).toBe(INCIDENTS);
      }
      expect(world.pd.unexpected).toEqual([]);
      expect(world.slack.unexpected).toEqual([]);
    } finally {
      await last.stop();
    }
  }, 400_000);
});
