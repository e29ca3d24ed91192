import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { RequestHandler } from "express";
import type pino from "pino";
import type { InboundRequests } from "../../ports/inbound-requests.js";

/** Slack's replay window, both ways: Bolt refuses a signature older than this, we one newer too. */
const MAX_SKEW_SECONDS = 5 * 60;

/**
 * In front of Bolt's `POST /slack/events`: a signature timestamp that is not a whole number of
 * seconds, or more than 5 minutes in the future, is refused with 401 like a stale one (which Bolt
 * refuses itself). Reads only headers, so Bolt still gets the raw body for its signature check.
 */
export function refuseFutureSignatures(logger: pino.Logger, now = () => Date.now()): RequestHandler {
  return (req, res, next) => {
    const header = req.get("x-slack-request-timestamp");
    if (header === undefined) return next(); // Bolt refuses a request without one.
    const reason = !/^\d{1,12}$/.test(header)
      ? "not a whole number of seconds"
      : Number(header) - Math.floor(now() / 1000) > MAX_SKEW_SECONDS
        ? "more than 5 minutes in the future"
        : null;
    if (reason === null) return next();
    logger.warn(
      { timestamp: header.slice(0, 40), serverTime: Math.floor(now() / 1000) },
      `refused a Slack request: its signature timestamp is ${reason}`,
    );
    res.status(401).send();
  };
}

type Body = Record<string, unknown> & {
  user?: { id?: string };
  actions?: Array<{ action_id?: string; action_ts?: string }>;
  view?: { id?: string; hash?: string };
};

/**
 * The key under which Slack retries or replays the same request: a slash command's or an
 * interaction's `trigger_id` (a new one for every click, submission or command), an event's
 * `event_id`. Interactions without a trigger id fall back to what Slack resends unchanged: the
 * action's `action_ts`, user and action id (a closed view: its id and hash). Null: not deduplicated
 * (options requests are reads, asked again on purpose).
 */
export function inboundKey(body: Body): string | null {
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  if (body.type === "event_callback") {
    const id = str(body.event_id);
    return id && `event:${id}`;
  }
  if (str(body.command)) {
    const trigger = str(body.trigger_id);
    return trigger && `command:${trigger}`;
  }
  if (body.type === "block_suggestion") return null;
  const trigger = str(body.trigger_id);
  if (trigger) return `interaction:${trigger}`;
  const user = str(body.user?.id) ?? "";
  const action = body.actions?.[0];
  if (action && str(action.action_ts)) return `interaction:${user}:${action.action_id}:${action.action_ts}`;
  if (str(body.action_ts)) return `interaction:${user}:${String(body.callback_id)}:${body.action_ts}`;
  if (body.type === "view_closed" && str(body.view?.id) && str(body.view?.hash))
    return `interaction:view_closed:${body.view?.id}:${body.view?.hash}`;
  return null;
}

/**
 * Bolt global middleware (after the signature check, HTTP and Socket Mode alike): a request whose
 * key was taken before is acknowledged (so Slack stops retrying) and goes no further.
 */
export function processOnce(inbound: InboundRequests, logger: pino.Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const key = inboundKey(args.body as Body);
    if (key === null || inbound.firstSeen(key)) return args.next();
    logger.info({ key }, "ignored a repeated Slack request (retry or replay)");
    // Events are acknowledged by Bolt before middleware runs; everything else is acked here.
    if ("ack" in args && typeof args.ack === "function") await (args.ack as () => Promise<void>)();
  };
}
