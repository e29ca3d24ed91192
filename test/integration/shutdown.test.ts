import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BotProcess } from "../support/bot-harness.js";
import { targetOfKey } from "../support/escalation-env.js";
import { type EscalationWorld, SEV1_TARGETS, startEscalationWorld } from "../support/escalation-process.js";
import { type SlowProxy, startSlowProxy } from "../support/slow-proxy.js";
import { waitFor } from "../support/wait-for.js";

let world: EscalationWorld;
let proxy: SlowProxy;
beforeAll(async () => {
  world = await startEscalationWorld();
  proxy = await startSlowProxy(world.pd.eventsHost);
});
afterAll(async () => {
  await Promise.all([world?.close(), proxy?.close()]);
});

/** SIGTERM and how it ended: exit code and milliseconds from the signal to the exit. */
async function terminate(bot: BotProcess): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  const exited = new Promise<number | null>((ok) => bot.child.once("exit", (code) => ok(code)));
  bot.child.kill("SIGTERM");
  const code = await exited;
  return { code, ms: Date.now() - started };
}

const triggersOf = (target: string) =>
  world.pd.events.filter((e) => e.action === "trigger" && targetOfKey(e.routingKey) === target).length;

/**
 * A SEV-1 on the fast matrix; once the secondary's page is out and recorded, PagerDuty becomes
 * slow (`delayMs` per TCP chunk), and the bot gets SIGTERM while the IC's step (due at 2 s) waits
 * on it.
 */
async function sigtermDuringSlowPage(title: string, delayMs: number) {
  const { pd } = world;
  pd.reset();
  proxy.setDelay(0);
  const vars = world.freshBotVars(proxy.host, { LOG_LEVEL: "info" });
  const bot = await world.startBot(vars);
  await world.declareSev1(bot, title);
  await waitFor(() => world.pagedAndStamped("secondary"), { timeoutMs: 10_000 });
  proxy.setDelay(delayMs);
  await waitFor(() => proxy.delayedChunks > 0, { timeoutMs: 10_000 });
  const { code, ms } = await terminate(bot);
  expect({ code, output: code === 0 ? "" : bot.output() }).toEqual({ code: 0, output: "" });
  expect(ms).toBeLessThan(10_000);
  return { vars, output: bot.output() };
}

/** After a restart: every step of the SEV-1 pages exactly once (one trigger per dedup key). */
async function restartAndExpectEachStepOnce(vars: Record<string, string>) {
  proxy.setDelay(0);
  const second = await world.startBot(vars);
  try {
    const perKey = await world.triggersWhenDone(vars);
    expect([...perKey.values()]).toEqual([1, 1, 1, 1, 1]);
    expect(world.pd.events.map((e) => targetOfKey(e.routingKey)).sort()).toEqual(SEV1_TARGETS);
    // A held handshake cut when the first process exited is the scenario, not a fault.
    expect(world.pd.unexpected.filter((u) => !u.includes("(socket hang up)"))).toEqual([]);
    expect(world.slack.unexpected).toEqual([]);
  } finally {
    await second.stop();
  }
}

describe("SIGTERM (graceful shutdown)", () => {
  it("mid-step: the running page finishes, exit 0 within 10 s; after the restart every step pages once", async () => {
    const { vars, output } = await sigtermDuringSlowPage("Payments timing out", 1_000);
    // The running step was let finish, not cut: the IC was paged before the process exited.
    expect(triggersOf("incident_commander")).toBe(1);
    expect(output).toContain("stopping: running work done");
    await restartAndExpectEachStepOnce(vars);
  }, 90_000);

  it("a step that outlasts the budget is handed back: exit 0 within 10 s, paged once after the restart", async () => {
    const { vars, output } = await sigtermDuringSlowPage("Search index stale", 30_000);
    expect(output).toContain("handed back");
    expect(triggersOf("incident_commander")).toBe(0);
    // Its lock expires and the next process runs it.
    await restartAndExpectEachStepOnce(vars);
  }, 90_000);
});
