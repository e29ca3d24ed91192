import type { ChatMessage } from "../../../ports/chat.js";
import { context, section } from "./parts.js";

/** The DM of `/incident console`: the one-time sign-in link. */
export function consoleLinkMessage(link: string, expiresAt: Date): ChatMessage {
  const until = Math.floor(expiresAt.getTime() / 1000);
  const fallback = `${expiresAt.toISOString().slice(11, 16)} UTC`;
  const text = `Sign in to the incident console: ${link} (works once, for 10 minutes)`;
  return {
    text,
    blocks: [
      section(`<${link}|Sign in to the incident console>`),
      context(
        `The link works once, until <!date^${until}^{time}|${fallback}>. Do not share it: it signs in as you.`,
      ),
    ],
  };
}
