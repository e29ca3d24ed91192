import { createHash, randomBytes } from "node:crypto";
import type { ChatMessage } from "../../ports/chat.js";
import type { ConsoleRole, ConsoleSession } from "../../ports/console-store.js";
import type { Deps } from "../deps.js";

/** A sign-in link works this long, once. */
export const LOGIN_LINK_MS = 10 * 60 * 1000;

/** Secrets (link tokens, session ids) are stored as their SHA-256 only: a copy of the record signs nobody in. */
export const secretHash = (secret: string) => createHash("sha256").update(secret).digest("hex");
const newSecret = () => randomBytes(32).toString("base64url");

/**
 * `/incident console`: a one-time link to the console, sent to the person in a DM through the
 * outbox. The link is the only copy of the token; the record keeps its hash (the outbox drops the
 * DM's text once it is sent or given up: `secret`).
 */
export function sendConsoleLink(
  deps: Pick<Deps, "clock" | "consoleStore" | "outbox" | "publicUrl">,
  input: { userId: string; message: (link: string, expiresAt: Date) => ChatMessage },
): { expiresAt: Date } {
  const now = deps.clock.now();
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + LOGIN_LINK_MS);
  deps.consoleStore.addLoginToken(secretHash(token), input.userId, now, expiresAt);
  const link = `${deps.publicUrl()}/console/login?token=${encodeURIComponent(token)}`;
  deps.outbox.add(null, {
    kind: "dm",
    user: input.userId,
    message: input.message(link, expiresAt),
    secret: true,
  });
  return { expiresAt };
}

export type SignInResult =
  | { kind: "signed-in"; secret: string; session: ConsoleSession }
  | { kind: "refused" };

/** Redeems a link (once, within 10 minutes) for a session of `sessionMs`, with the person's role. */
export async function signIn(
  deps: Pick<Deps, "clock" | "consoleStore">,
  input: { token: string; sessionMs: number; roleOf: (userId: string) => Promise<ConsoleRole> },
): Promise<SignInResult> {
  const now = deps.clock.now();
  const userId = deps.consoleStore.redeemLoginToken(secretHash(input.token), now);
  if (!userId) return { kind: "refused" };
  const session: ConsoleSession = {
    userId,
    role: await input.roleOf(userId),
    csrf: newSecret(),
    expiresAt: new Date(now.getTime() + input.sessionMs),
  };
  const secret = newSecret();
  deps.consoleStore.addSession(secretHash(secret), session, now);
  return { kind: "signed-in", secret, session };
}
