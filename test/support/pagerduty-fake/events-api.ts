import { randomBytes } from "node:crypto";

/** One accepted Events API v2 request. */
export interface PdEvent {
  at: number;
  routingKey: string;
  action: "trigger" | "acknowledge" | "resolve";
  dedupKey: string;
  /** True when the fake generated the dedup_key because the request had none. */
  generatedDedupKey: boolean;
  summary?: string;
  severity?: string;
  source?: string;
  /** The full JSON body as the bot sent it. */
  body: Record<string, unknown>;
}

export type EnqueueOutcome =
  | { ok: true; event: PdEvent; status: 202; response: Record<string, unknown> }
  | { ok: false; status: 400; response: Record<string, unknown>; errors: string[] };

const SEVERITIES = ["critical", "error", "warning", "info"];
const ACTIONS = ["trigger", "acknowledge", "resolve"] as const;

const invalid = (errors: string[]): EnqueueOutcome => ({
  ok: false,
  status: 400,
  errors,
  response: { status: "invalid event", message: "Event object is invalid", errors },
});

const blank = (value: unknown) => typeof value !== "string" || value.trim() === "";

/** The checks `events.pagerduty.com/v2/enqueue` makes, with its error wording. */
export function enqueue(raw: string, at = Date.now()): EnqueueOutcome {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return invalid(["Could not parse the request body as JSON"]);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return invalid(["Event object must be a JSON object"]);
  }
  const event = body as Record<string, unknown>;
  const errors: string[] = [];
  const { routing_key: routingKey, event_action: action, dedup_key: dedupKey } = event;
  if (blank(routingKey)) errors.push("'routing_key' is missing or blank");
  else if ((routingKey as string).length !== 32) {
    errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  }
  if (blank(action)) errors.push("'event_action' is missing or blank");
  else if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
    errors.push(
      "'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')",
    );
  }
  if (dedupKey !== undefined && (typeof dedupKey !== "string" || dedupKey.length > 255)) {
    errors.push("'dedup_key' must be a string of at most 255 characters");
  }
  if (action === "trigger") {
    const payload = event.payload;
    if (typeof payload !== "object" || payload === null) {
      errors.push("'payload' is missing or blank");
    } else {
      const p = payload as Record<string, unknown>;
      if (blank(p.summary)) errors.push("'payload.summary' is missing or blank");
      else if ((p.summary as string).length > 1024) {
        errors.push("'payload.summary' is too long (maximum is 1024 characters)");
      }
      if (blank(p.source)) errors.push("'payload.source' is missing or blank");
      if (!SEVERITIES.includes(p.severity as string)) {
        errors.push(
          "'payload.severity' is invalid (must be one of the following: 'critical', 'warning', 'error' or 'info')",
        );
      }
      if (p.timestamp !== undefined && Number.isNaN(Date.parse(String(p.timestamp)))) {
        errors.push("'payload.timestamp' is invalid (must be a valid ISO 8601 timestamp)");
      }
    }
  } else if ((action === "acknowledge" || action === "resolve") && blank(dedupKey)) {
    errors.push("'dedup_key' is missing or blank");
  }
  if (errors.length > 0) return invalid(errors);

  const generatedDedupKey = blank(dedupKey);
  const key = generatedDedupKey ? randomBytes(16).toString("hex") : (dedupKey as string);
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  return {
    ok: true,
    status: 202,
    response: { status: "success", message: "Event processed", dedup_key: key },
    event: {
      at,
      routingKey: routingKey as string,
      action: action as PdEvent["action"],
      dedupKey: key,
      generatedDedupKey,
      summary: payload.summary as string | undefined,
      severity: payload.severity as string | undefined,
      source: payload.source as string | undefined,
      body: event,
    },
  };
}

/** What PagerDuty answers when it is unhealthy or throttling, for `failNext`. */
export function failureBody(status: number): Record<string, unknown> {
  if (status === 429) {
    return {
      status: "throttle event",
      message: "Requests for this service are arriving too quickly. Please retry later.",
    };
  }
  if (status === 400) {
    return { status: "invalid event", message: "Event object is invalid", errors: ["Injected failure"] };
  }
  return { status: "error", message: "Internal Server Error" };
}
