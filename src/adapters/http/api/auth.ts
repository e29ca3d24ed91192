import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

export interface ApiTokens {
  /** Sees everything, security incidents included. */
  full?: string;
  /** Sees everything but security incidents (e.g. a dashboard shared widely). */
  restricted?: string;
}

export interface ApiAccess {
  includeSecurity: boolean;
}

const digest = (s: string) => createHash("sha256").update(s).digest();
// Compare digests so neither the length nor the content leaks through timing.
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

export function apiError(res: Response, status: number, code: string, message: string, extra: object = {}) {
  res.status(status).json({ error: { code, message, ...extra } });
}

/** Bearer auth; sets `res.locals.access`. Without any configured token the API is off (503). */
export function bearerAuth(tokens: ApiTokens) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!tokens.full && !tokens.restricted)
      return apiError(res, 503, "api_disabled", "The REST API is off: set API_TOKEN to enable it.");
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      res.set("WWW-Authenticate", 'Bearer realm="imoc"');
      return apiError(res, 401, "unauthorized", "Send Authorization: Bearer <API_TOKEN>.");
    }
    const token = match[1] ?? "";
    if (tokens.full && same(token, tokens.full))
      res.locals.access = { includeSecurity: true } satisfies ApiAccess;
    else if (tokens.restricted && same(token, tokens.restricted))
      res.locals.access = { includeSecurity: false } satisfies ApiAccess;
    else {
      res.set("WWW-Authenticate", 'Bearer realm="imoc", error="invalid_token"');
      return apiError(res, 401, "unauthorized", "The bearer token is not valid.");
    }
    next();
  };
}
