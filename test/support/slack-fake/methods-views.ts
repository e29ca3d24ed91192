import { randomBytes } from "node:crypto";
import { type Args, SlackApiError } from "./args.js";
import { validateView } from "./blocks.js";
import type { MethodContext, MethodHandler } from "./method.js";
import { APP_ID, BOT_ID, type SlackState } from "./state.js";
import type { FakeView } from "./types.js";

/** Trigger ids made by `makeTriggerId()` start with their issue time in ms, so expiry is checkable. */
const TRIGGER_ID = /^(\d+)\.(\d+)\.([0-9a-f]+)$/;

function checkTrigger({ state, args, triggerTtlMs }: MethodContext): string {
  const triggerId = args.str("trigger_id") ?? args.str("interactivity_pointer");
  if (!triggerId)
    throw new SlackApiError("invalid_arguments", ["[ERROR] missing required field: trigger_id"]);
  const match = TRIGGER_ID.exec(triggerId);
  if (!match) throw new SlackApiError("invalid_trigger_id");
  const issuedAt = Number(match[1]);
  // Real ids' first part is not a timestamp; only ours (13-digit ms) can be checked for age.
  if (issuedAt > 1e12 && Date.now() - issuedAt > triggerTtlMs) throw new SlackApiError("expired_trigger_id");
  if (state.usedTriggers.has(triggerId)) throw new SlackApiError("exchanged_trigger_id");
  return triggerId;
}

function readView(args: Args, expectType?: "home"): Record<string, unknown> {
  if (args.raw.view === undefined)
    throw new SlackApiError("invalid_arguments", ["[ERROR] missing required field: view"]);
  const view = args.json("view", "invalid_arguments");
  const problems = validateView(view, expectType);
  if (problems.length > 0) throw new SlackApiError("invalid_arguments", problems);
  return view as Record<string, unknown>;
}

function checkHash(args: Args, current: FakeView): void {
  const hash = args.str("hash");
  if (hash && hash !== current.hash) throw new SlackApiError("hash_conflict");
}

function apply(target: FakeView, view: Record<string, unknown>): FakeView {
  target.view = view;
  target.type = String(view.type);
  target.callbackId = typeof view.callback_id === "string" ? view.callback_id : undefined;
  target.externalId = typeof view.external_id === "string" ? view.external_id : undefined;
  target.privateMetadata = typeof view.private_metadata === "string" ? view.private_metadata : undefined;
  target.hash = `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString("hex")}`;
  return target;
}

function create(state: SlackState, view: Record<string, unknown>, extra: Partial<FakeView>): FakeView {
  const stored = apply(
    { id: state.nextId("V"), view, type: "", hash: "", updates: 0, openedAt: Date.now(), ...extra },
    view,
  );
  state.views.push(stored);
  return stored;
}

function renderView(state: SlackState, stored: FakeView): Record<string, unknown> {
  return {
    ...stored.view,
    id: stored.id,
    team_id: state.config.teamId,
    state: { values: {} },
    hash: stored.hash,
    root_view_id: stored.id,
    previous_view_id: null,
    app_id: APP_ID,
    bot_id: BOT_ID,
  };
}

export const viewMethods: Record<string, MethodHandler> = {
  "views.open": (ctx) => {
    const triggerId = checkTrigger(ctx);
    const view = readView(ctx.args);
    if (view.type !== "modal") throw new SlackApiError("invalid_arguments", ["[ERROR] type must be modal"]);
    ctx.state.usedTriggers.add(triggerId);
    return { view: renderView(ctx.state, create(ctx.state, view, { triggerId })) };
  },

  /** Onto the stack of an open modal, from an interaction inside it (Slack: trigger_id and view required). */
  "views.push": (ctx) => {
    const triggerId = checkTrigger(ctx);
    const view = readView(ctx.args);
    if (view.type !== "modal") throw new SlackApiError("invalid_arguments", ["[ERROR] type must be modal"]);
    ctx.state.usedTriggers.add(triggerId);
    return { view: renderView(ctx.state, create(ctx.state, view, { triggerId, pushed: true })) };
  },

  "views.update": ({ state, args }) => {
    const viewId = args.str("view_id");
    const externalId = args.str("external_id");
    if (!viewId && !externalId) {
      throw new SlackApiError("invalid_arguments", ["[ERROR] must provide view_id or external_id"]);
    }
    const current = state.views.find((v) => (viewId ? v.id === viewId : v.externalId === externalId));
    if (!current) throw new SlackApiError("not_found");
    checkHash(args, current);
    const view = readView(args);
    current.updates++;
    return { view: renderView(state, apply(current, view)) };
  },

  "views.publish": ({ state, args }) => {
    const userId = args.req("user_id");
    state.requireUser(userId);
    const view = readView(args, "home");
    const current = state.views.find((v) => v.type === "home" && v.userId === userId);
    if (current) {
      checkHash(args, current);
      current.updates++;
      return { view: renderView(state, apply(current, view)) };
    }
    return { view: renderView(state, create(state, view, { userId })) };
  },
};
