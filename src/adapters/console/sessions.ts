import { timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { secretHash } from "../../app/console/sign-in.js";
import type { ConsoleSession, ConsoleStore } from "../../ports/console-store.js";
import type { Clock } from "../../ports/clock.js";

export const COOKIE = "imoc_console";

export function cookieOf(req: Request, name: string): string | null {
  for (const part of (req.get("cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return null;
}

/** The session cookie: HttpOnly, SameSite=Lax, only under /console; Secure behind TLS. */
export function sessionCookie(secret: string, maxAgeS: number, secure: boolean): string {
  return `${COOKIE}=${secret}; Path=/console; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeS))}${secure ? "; Secure" : ""}`;
}

export interface SignedIn {
  session: ConsoleSession;
  idHash: string;
}

/** Sets `res.locals.signedIn` from the cookie; `onMissing` answers requests without a live session. */
export function requireSession(
  store: Pick<ConsoleStore, "session">,
  clock: Clock,
  onMissing: (req: Request, res: Response) => void,
) {
  return (req: Request, res: Response, next: NextFunction) => {
    const secret = cookieOf(req, COOKIE);
    const idHash = secret ? secretHash(secret) : null;
    const session = idHash ? store.session(idHash, clock.now()) : null;
    if (!session || !idHash) return onMissing(req, res);
    res.locals.signedIn = { session, idHash } satisfies SignedIn;
    next();
  };
}

export const signedIn = (res: Response) => res.locals.signedIn as SignedIn;

/** The form's `_csrf` field matches the session's token (compared in constant time). */
export function csrfOk(req: Request, session: ConsoleSession): boolean {
  const sent = typeof req.body?._csrf === "string" ? req.body._csrf : "";
  const a = Buffer.from(secretHash(sent));
  const b = Buffer.from(secretHash(session.csrf));
  return timingSafeEqual(a, b);
}
