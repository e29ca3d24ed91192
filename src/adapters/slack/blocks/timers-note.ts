import type { Scheduler } from "../../../ports/scheduler.js";

export const TIMERS_DELAYED_NOTE =
  "(The timer service is unreachable: later steps will run as soon as it is back; nothing is lost.)";

/**
 * A reply of a command that changed the schedule, with a note while the timer service (Redis) is
 * unreachable: the change is recorded, its timers wait for Redis, nothing is lost.
 */
export function withTimersNote(
  scheduler: Pick<Scheduler, "available">,
  reply: string,
  changed = true,
): string {
  return changed && !scheduler.available() ? `${reply}\n${TIMERS_DELAYED_NOTE}` : reply;
}
