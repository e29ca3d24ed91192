import type { Args } from "./args.js";
import type { SlackState } from "./state.js";

export interface MethodContext {
  state: SlackState;
  args: Args;
  /** How long a trigger_id stays usable (Slack: 3 seconds). */
  triggerTtlMs: number;
}

/** Returns the success body without `ok`; throws `SlackApiError` for `ok:false`. */
export type MethodHandler = (ctx: MethodContext) => Record<string, unknown>;
