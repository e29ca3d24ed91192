import type { IncomingHttpHeaders } from "node:http";

/** A Slack `ok:false` answer; handlers throw it, the server turns it into the JSON body. */
export class SlackApiError extends Error {
  constructor(
    readonly error: string,
    readonly messages: string[] = [],
    /** Extra top-level fields some errors carry, e.g. conversations.invite's per-user `errors`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
  }
}

/** @slack/web-api JSON-encodes object and array values inside its form bodies. */
const JSON_FIELDS = new Set([
  "blocks",
  "attachments",
  "view",
  "files",
  "metadata",
  "unfurls",
  "user_auth_blocks",
]);

export interface ParsedRequest {
  args: Record<string, unknown>;
  /** Only form bodies may carry the token; Slack ignores it in JSON bodies. */
  bodyToken?: string;
  headerToken?: string;
}

export async function parseApiRequest(
  headers: IncomingHttpHeaders,
  body: Buffer,
  query: URLSearchParams,
): Promise<ParsedRequest> {
  const contentType = (headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  const auth = headers.authorization ?? "";
  const headerToken = auth.startsWith("Bearer ") ? auth.slice("Bearer ".length).trim() : undefined;
  const args: Record<string, unknown> = Object.fromEntries(query);

  if (body.length > 0 && contentType === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw new SlackApiError("invalid_json");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new SlackApiError("invalid_json");
    }
    Object.assign(args, parsed);
    delete args.token;
    return { args, headerToken };
  }

  if (body.length > 0 && contentType === "application/x-www-form-urlencoded") {
    Object.assign(args, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
  } else if (body.length > 0 && contentType === "multipart/form-data") {
    const form = await new Response(new Uint8Array(body), {
      headers: { "content-type": String(headers["content-type"]) },
    })
      .formData()
      .catch(() => {
        throw new SlackApiError("invalid_form_data");
      });
    for (const [key, value] of form) args[key] = typeof value === "string" ? value : "[binary]";
  } else if (body.length > 0) {
    throw new SlackApiError("invalid_form_data", [`[ERROR] unsupported content type: ${contentType}`]);
  }
  for (const key of JSON_FIELDS) {
    const value = args[key];
    if (typeof value !== "string") continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Left as a string; the handler reports the method's own error for malformed JSON.
    }
  }
  const bodyToken = typeof args.token === "string" ? args.token : undefined;
  delete args.token;
  return { args, bodyToken, headerToken };
}

/** Typed access to loosely typed arguments (form values are strings, JSON values are not). */
export class Args {
  constructor(readonly raw: Record<string, unknown>) {}

  has(name: string): boolean {
    const value = this.raw[name];
    return value !== undefined && value !== null && value !== "";
  }

  str(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    return typeof value === "string"
      ? value
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  }

  /** Missing required arguments get Slack's generic answer, naming the argument. */
  req(name: string): string {
    const value = this.str(name);
    if (value === undefined || value === "") {
      throw new SlackApiError("invalid_arguments", [`[ERROR] missing required field: ${name}`]);
    }
    return value;
  }

  bool(name: string): boolean {
    const value = this.raw[name];
    return value === true || value === "true" || value === "1" || value === 1;
  }

  int(name: string): number | undefined {
    const value = this.str(name);
    if (value === undefined || value === "") return undefined;
    const n = Number(value);
    if (!Number.isInteger(n)) {
      throw new SlackApiError("invalid_arguments", [`[ERROR] invalid value for ${name}: must be an integer`]);
    }
    return n;
  }

  /** Comma-separated in forms, but JSON callers may send an array. */
  list(name: string): string[] {
    const value = this.raw[name];
    const items = Array.isArray(value) ? value.map(String) : (this.str(name) ?? "").split(",");
    return items.map((item) => item.trim()).filter((item) => item !== "");
  }

  /** Cursor pagination over an in-memory list; the cursor is an opaque offset, as far as callers know. */
  page<T>(items: T[], defaultLimit = 100): { items: T[]; nextCursor: string } {
    const requested = this.int("limit");
    const limit = requested && requested > 0 ? Math.min(requested, 1000) : defaultLimit;
    const cursor = this.str("cursor");
    const offset = cursor ? Number(Buffer.from(cursor, "base64").toString().replace("offset:", "")) || 0 : 0;
    const end = offset + limit;
    const nextCursor = end < items.length ? Buffer.from(`offset:${end}`).toString("base64") : "";
    return { items: items.slice(offset, end), nextCursor };
  }

  json(name: string, errorCode: string): unknown {
    const value = this.raw[name];
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value);
    } catch {
      throw new SlackApiError(errorCode, [`[ERROR] ${name} is not valid JSON`]);
    }
  }
}
