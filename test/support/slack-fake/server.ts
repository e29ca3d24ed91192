import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "../read-body.js";
import { Args, parseApiRequest, SlackApiError } from "./args.js";
import type { MethodHandler } from "./method.js";
import { annotationMethods } from "./methods-annotations.js";
import { chatMethods } from "./methods-chat.js";
import { conversationMethods } from "./methods-conversations.js";
import { fileMethods } from "./methods-files.js";
import { userMethods } from "./methods-users.js";
import { viewMethods } from "./methods-views.js";
import type { SlackState } from "./state.js";
import type { RecordedCall } from "./types.js";

const METHODS: Record<string, MethodHandler> = {
  ...conversationMethods,
  ...chatMethods,
  ...viewMethods,
  ...userMethods,
  ...fileMethods,
  ...annotationMethods,
};

/** Slack lets a response_url be used five times (within 30 minutes). */
const RESPONSE_URL_USES = 5;

export interface ServerConfig {
  token: string;
  triggerTtlMs: number;
  /** method → errors still to inject, consumed front first. */
  failures: Map<string, string[]>;
  /** Slack is down until `until` (epoch ms): every Web API call and response_url post fails. */
  outage: { until: number; status: 429 | 500; retryAfterS: number } | null;
  /** Every error answer the test did not inject (`failNext`): the fake decides if it was allowed. */
  onError(error: string, call: string, argKeys: string[]): void;
}

type Reply = (status: number, body: unknown, headers?: Record<string, string>) => void;

/** Routes one request: Web API methods, response_url posts, and the external file upload URL. */
export function createRequestHandler(state: SlackState, config: ServerConfig) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://fake");
    const body = await readBody(req);
    const reply: Reply = (status, payload, headers = {}) => {
      const text = typeof payload === "string" ? payload : JSON.stringify(payload);
      const type = typeof payload === "string" ? "text/plain" : "application/json; charset=utf-8";
      res.writeHead(status, { "content-type": type, ...headers }).end(text);
    };
    const [, root, rest = ""] = /^\/([^/]+)\/?(.*)$/.exec(url.pathname) ?? [];
    const outage = config.outage;
    if (outage && Date.now() < outage.until && (root === "api" || root === "response")) {
      // Injected: recorded as a call that failed on purpose, never as an unexpected error.
      state.calls.push({
        method: rest,
        args: {},
        at: Date.now(),
        ok: false,
        error: `http_${outage.status}`,
        injected: true,
      });
      if (outage.status === 429)
        return reply(429, { ok: false, error: "ratelimited" }, { "retry-after": String(outage.retryAfterS) });
      return reply(500, "Internal Server Error");
    }
    try {
      if (root === "api" && rest) return await handleApi(rest, req, body, url, state, config, reply);
      if (root === "response" && rest && req.method === "POST")
        return handleResponse(rest, body, state, reply, config);
      if (root === "upload" && rest && req.method === "POST")
        return await handleUpload(rest, req, body, state, reply, config);
      if (root === "files-pri" && rest && req.method === "GET")
        return handleDownload(rest, req, state, res, config);
    } catch (error) {
      state.unexpected.push({
        method: req.method ?? "",
        path: url.pathname,
        reason: `fake crashed: ${error}`,
        at: Date.now(),
      });
      config.onError("fatal_error (fake crashed)", `${req.method} ${url.pathname}`, []);
      return reply(500, { ok: false, error: "fatal_error" });
    }
    state.unexpected.push({
      method: req.method ?? "",
      path: url.pathname,
      reason: "no such route",
      at: Date.now(),
    });
    config.onError("not_found", `${req.method} ${url.pathname}`, []);
    reply(404, { ok: false, error: "not_found" });
  };
}

async function handleApi(
  method: string,
  req: IncomingMessage,
  body: Buffer,
  url: URL,
  state: SlackState,
  config: ServerConfig,
  reply: Reply,
): Promise<void> {
  const call: RecordedCall = { method, args: {}, at: Date.now(), ok: false };
  state.calls.push(call);
  const fail = (error: SlackApiError, injected = false) => {
    Object.assign(call, { error: error.error, injected: injected || undefined });
    if (!injected) config.onError(error.error, method, Object.keys(call.args));
    const metadata = error.messages.length > 0 ? { response_metadata: { messages: error.messages } } : {};
    reply(200, { ok: false, error: error.error, ...error.extra, ...metadata });
  };

  let parsed: Awaited<ReturnType<typeof parseApiRequest>>;
  try {
    parsed = await parseApiRequest(req.headers, body, url.searchParams);
  } catch (error) {
    if (error instanceof SlackApiError) return fail(error);
    throw error;
  }
  call.args = parsed.args;

  const handler = METHODS[method];
  if (!handler) {
    state.unexpected.push({ method, path: url.pathname, reason: "unknown_method", at: call.at });
    return fail(new SlackApiError("unknown_method"));
  }
  const token = parsed.headerToken ?? parsed.bodyToken;
  if (!token) return fail(new SlackApiError("not_authed"));
  if (token !== config.token) return fail(new SlackApiError("invalid_auth"));

  const injected = config.failures.get(method)?.shift();
  if (injected === "ratelimited") {
    // A real 429 so the client's own retry/backoff path runs, as it would against Slack.
    Object.assign(call, { error: injected, injected: true });
    return reply(429, { ok: false, error: injected }, { "retry-after": "1" });
  }
  if (injected) return fail(new SlackApiError(injected), true);

  try {
    const result = handler({ state, args: new Args(parsed.args), triggerTtlMs: config.triggerTtlMs });
    call.ok = true;
    reply(200, { ok: true, ...result });
  } catch (error) {
    if (error instanceof SlackApiError) return fail(error);
    throw error;
  }
}

function handleResponse(
  key: string,
  body: Buffer,
  state: SlackState,
  reply: Reply,
  config: ServerConfig,
): void {
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
  } catch {
    state.responses.push({
      key,
      body: { raw: body.toString("utf8") },
      at: Date.now(),
      ok: false,
      error: "invalid_payload",
    });
    config.onError("invalid_payload", "response_url", []);
    reply(400, "invalid_payload");
    return;
  }
  const record = (ok: boolean, error?: string) =>
    state.responses.push({ key, body: payload, at: Date.now(), ok, error });
  const uses = state.responses.filter((r) => r.key === key && r.ok).length;
  if (uses >= RESPONSE_URL_USES) {
    record(false, "used_url");
    state.unexpected.push({
      method: "POST",
      path: `/response/${key}`,
      reason: "response_url used more than 5 times",
      at: Date.now(),
    });
    config.onError("used_url", "response_url", Object.keys(payload));
    reply(404, "used_url");
    return;
  }
  const hasContent =
    Boolean(payload.text) || Array.isArray(payload.blocks) || Array.isArray(payload.attachments);
  if (!hasContent && payload.delete_original !== true) {
    record(false, "no_text");
    config.onError("no_text", "response_url", Object.keys(payload));
    reply(400, "no_text");
    return;
  }
  record(true);
  reply(200, { ok: true });
}

async function handleUpload(
  id: string,
  req: IncomingMessage,
  body: Buffer,
  state: SlackState,
  reply: Reply,
  config: ServerConfig,
) {
  const file = state.files.find((f) => f.id === id);
  if (!file) {
    state.unexpected.push({
      method: "POST",
      path: `/upload/${id}`,
      reason: "unknown upload id",
      at: Date.now(),
    });
    config.onError("not_found", "file upload", []);
    return reply(404, "not_found");
  }
  const contentType = req.headers["content-type"] ?? "";
  if (contentType.startsWith("multipart/form-data")) {
    // filesUploadV2 posts the bytes as a multipart file field.
    const form = await new Response(new Uint8Array(body), {
      headers: { "content-type": contentType },
    }).formData();
    const part = [...form.values()].find((value) => typeof value !== "string");
    file.bytes = part && typeof part !== "string" ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
  } else {
    file.bytes = body;
  }
  reply(200, `OK - ${file.bytes.length}`);
}

/**
 * `url_private(_download)`: the file's bytes for a request with the bot token. Without it Slack
 * answers 200 with its HTML sign-in page (not the file), which the fake records as unexpected.
 */
function handleDownload(
  rest: string,
  req: IncomingMessage,
  state: SlackState,
  res: ServerResponse,
  config: ServerConfig,
) {
  const id = /^[^/]*-(F[A-Z0-9]+)\//.exec(rest)?.[1];
  const file = state.files.find((f) => f.id === id && f.completed);
  const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
  if (auth !== config.token) {
    state.unexpected.push({
      method: "GET",
      path: `/files-pri/${rest}`,
      reason: "file download without the bot token (Slack answers its sign-in page)",
      at: Date.now(),
    });
    res
      .writeHead(200, { "content-type": "text/html; charset=utf-8" })
      .end("<html><body>Sign in to Slack</body></html>");
    return;
  }
  if (!file || file.deleted || !file.bytes) {
    res.writeHead(404, { "content-type": "text/plain" }).end("file_not_found");
    return;
  }
  res.writeHead(200, { "content-type": file.mimetype ?? "application/octet-stream" }).end(file.bytes);
}
