import type { Checkpoint } from "../../../domain/custody/checkpoint.js";
import type { ChatMessage } from "../../../ports/chat.js";
import { plain, withoutBroadcasts } from "./parts.js";

/**
 * A checkpoint as posted to the audit channel: everything needed to check the log against it
 * later without the database (the public key is `GET /api/audit/public-key`).
 */
export function checkpointMessage(c: Checkpoint, ref: string): ChatMessage {
  const signed = c.signature
    ? `signed by key \`${c.keyId}\`\nsignature \`${c.signature}\``
    : "UNSIGNED (no AUDIT_SIGNING_KEY): hash only";
  const text = [
    `:lock: *${plain(ref)} checkpoint* (${plain(c.reason)}): ${c.count} events`,
    `head \`${c.headHash}\``,
    `digest \`${c.eventsDigest}\``,
    `signed-at ${c.signedAt.toISOString()}, ${signed}`,
  ].join("\n");
  return withoutBroadcasts({ text });
}
