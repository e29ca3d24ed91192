import { createHmac, randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { SLACK_FAKE_TEAM_ID } from "./slack-fake/state.js";
import { FAKE_APP_ID, FAKE_VERIFICATION_TOKEN, makeTriggerId } from "./slack-payloads.js";

export * from "./slack-payloads.js";

/**
 * Drives a running bot the way Slack does: signed POSTs to `/slack/events`. Bodies are sent
 * byte-for-byte as signed, with Slack's exact content types (Bolt only parses a form body whose
 * Content-Type is exactly `application/x-www-form-urlencoded`, with no charset).
 */

export interface SlackSignatureHeaders {
  "X-Slack-Signature": string;
  "X-Slack-Request-Timestamp": string;
}

/** `timestamp` is in Unix seconds; pass an old one to test the bot's replay window (5 min). */
export function signSlackRequest(secret: string, body: string, timestamp?: number): SlackSignatureHeaders {
  const ts = String(timestamp ?? Math.floor(Date.now() / 1000));
  const hex = createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex");
  return { "X-Slack-Signature": `v0=${hex}`, "X-Slack-Request-Timestamp": ts };
}

export interface SendOptions {
  timestamp?: number;
  /** Sign with a wrong secret, as a forged request would be. */
  forgeSignature?: boolean;
  /** Slack's redelivery headers (`X-Slack-Retry-Num`/`-Reason`), for idempotency tests. */
  retryNum?: number;
  retryReason?: string;
}

export interface SendResult {
  status: number;
  body: string;
  /** `body` parsed, when it is JSON. */
  json: unknown;
  /** Until the HTTP response arrived: Slack gives up after 3000 ms. */
  ms: number;
  /** The bot's answer's headers (`x-correlation-id`: the request's id in its log lines). */
  headers: Headers;
}

async function post(
  botUrl: string,
  secret: string,
  contentType: string,
  body: string,
  opts: SendOptions = {},
) {
  const signature = signSlackRequest(opts.forgeSignature ? `${secret}-forged` : secret, body, opts.timestamp);
  const headers: Record<string, string> = { "Content-Type": contentType, ...signature };
  if (opts.retryNum !== undefined) {
    headers["X-Slack-Retry-Num"] = String(opts.retryNum);
    headers["X-Slack-Retry-Reason"] = opts.retryReason ?? "http_timeout";
  }
  const started = performance.now();
  const res = await fetch(`${botUrl.replace(/\/+$/, "")}/slack/events`, { method: "POST", headers, body });
  const text = await res.text();
  const ms = performance.now() - started;
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, body: text, json, ms, headers: res.headers } satisfies SendResult;
}

const FORM = "application/x-www-form-urlencoded";

export interface SlashCommandInput {
  text: string;
  /** Where `respond()` answers go; use `slackFake.responseUrl()`. */
  responseUrl: string;
  userId?: string;
  channelId?: string;
  channelName?: string;
  command?: string;
  triggerId?: string;
  teamId?: string;
}

export function sendSlashCommand(
  botUrl: string,
  secret: string,
  input: SlashCommandInput,
  opts?: SendOptions,
): Promise<SendResult> {
  const userId = input.userId ?? "U_DECLARER";
  const channelId = input.channelId ?? "CGENERAL";
  // Field order and names as Slack sends them.
  const body = new URLSearchParams({
    token: FAKE_VERIFICATION_TOKEN,
    team_id: input.teamId ?? SLACK_FAKE_TEAM_ID,
    team_domain: "fake-workspace",
    channel_id: channelId,
    channel_name: input.channelName ?? (channelId === "CGENERAL" ? "general" : channelId.toLowerCase()),
    user_id: userId,
    user_name: userId.toLowerCase(),
    command: input.command ?? "/incident",
    text: input.text,
    api_app_id: FAKE_APP_ID,
    is_enterprise_install: "false",
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? makeTriggerId(),
  }).toString();
  return post(botUrl, secret, FORM, body, opts);
}

/** block_actions, view_submission, message_action…: a form with one `payload` JSON field. */
export function sendInteraction(
  botUrl: string,
  secret: string,
  payload: Record<string, unknown>,
  opts?: SendOptions,
): Promise<SendResult> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return post(botUrl, secret, FORM, body, opts);
}

export interface EventOptions extends SendOptions {
  eventId?: string;
  teamId?: string;
  /** Unix seconds. */
  eventTime?: number;
}

/** Wraps an Events API event in the `event_callback` envelope Slack posts as JSON. */
export function sendEvent(
  botUrl: string,
  secret: string,
  event: Record<string, unknown>,
  opts: EventOptions = {},
): Promise<SendResult> {
  const teamId = opts.teamId ?? SLACK_FAKE_TEAM_ID;
  const body = JSON.stringify({
    token: FAKE_VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    api_app_id: FAKE_APP_ID,
    event,
    type: "event_callback",
    event_id: opts.eventId ?? `Ev${randomBytes(5).toString("hex").toUpperCase()}`,
    event_time: opts.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: "UBOT", is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(8).toString("hex")}`,
  });
  return post(botUrl, secret, "application/json", body, opts);
}

/** The handshake Slack does when the Request URL is saved; the bot must echo `challenge`. */
export function sendUrlVerification(
  botUrl: string,
  secret: string,
  challenge = randomBytes(16).toString("hex"),
  opts?: SendOptions,
): Promise<SendResult> {
  const body = JSON.stringify({ token: FAKE_VERIFICATION_TOKEN, challenge, type: "url_verification" });
  return post(botUrl, secret, "application/json", body, opts);
}
