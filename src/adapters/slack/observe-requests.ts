import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { RequestHandler } from "express";
import { incidentRef } from "../../domain/incident/incident.js";
import type { IncidentStore } from "../../ports/incident-store.js";
import type { Metrics } from "../../ports/metrics.js";
import { currentContext, inContext, newCorrelationId, type WorkContext } from "../observability/context.js";

type Body = Record<string, unknown> & {
  channel?: { id?: string };
  event?: { channel?: string; item?: { channel?: string } };
};

/** What a Slack request is, as a bounded label. */
export function slackKind(body: Body): string {
  if (typeof body.command === "string") return "command";
  switch (body.type) {
    case "block_actions":
      return "action";
    case "view_submission":
    case "view_closed":
      return "view";
    case "shortcut":
    case "message_action":
      return "shortcut";
    case "event_callback":
      return "event";
    case "block_suggestion":
      return "options";
    default:
      return "other";
  }
}

const channelOf = (body: Body): string | null => {
  const id = body.channel_id ?? body.channel?.id ?? body.event?.channel ?? body.event?.item?.channel;
  return typeof id === "string" && id !== "" ? id : null;
};

type SlackWork = WorkContext & { kind?: string };

/**
 * In front of Bolt's `POST /slack/events`: the request runs in a context of its own (a new
 * correlation id, on every log line of it and on the jobs it queues) and is counted and timed
 * until it is answered, which is when Bolt acknowledges it. A request Bolt refuses (bad
 * signature) is counted with kind `unknown`.
 */
export function observeSlackRequests(metrics: Pick<Metrics, "slackRequest">): RequestHandler {
  return (_req, res, next) => {
    const started = performance.now();
    const context: SlackWork = { correlationId: newCorrelationId() };
    res.set("x-correlation-id", context.correlationId);
    res.once("finish", () =>
      metrics.slackRequest(
        context.kind ?? "unknown",
        res.statusCode < 400 ? "ok" : "error",
        (performance.now() - started) / 1000,
      ),
    );
    inContext(context, next);
  };
}

/**
 * Bolt's first global middleware: names the request's kind and, when it comes from an incident
 * channel, its incident (`INC-42`) on the context. In Socket Mode, with no HTTP request around it,
 * it opens the context itself.
 */
export function nameSlackRequest(
  incidents: Pick<IncidentStore, "findByChannel">,
): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const kind = slackKind(body as Body);
    const channel = channelOf(body as Body);
    const found = channel ? incidents.findByChannel(channel) : null;
    const incident = found ? incidentRef(found) : undefined;
    const context = currentContext() as SlackWork | undefined;
    if (!context) return inContext({ incident }, next);
    context.kind = kind;
    if (incident) context.incident = incident;
    await next();
  };
}
