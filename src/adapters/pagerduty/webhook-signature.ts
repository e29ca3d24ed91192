import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * PagerDuty v3 webhooks: `X-PagerDuty-Signature` is `v1=<hex hmac-sha256 of the raw body>`, with
 * several comma-separated entries while a secret is being rotated. Any one matching is enough;
 * each is compared in constant time.
 */
export function verifyPagerDutySignature(
  rawBody: Buffer,
  header: string | undefined,
  secret: string,
): boolean {
  if (!header || !secret) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(rawBody).digest("hex"), "utf8");
  let ok = false;
  for (const part of header.split(",")) {
    const entry = part.trim();
    if (!entry.startsWith("v1=")) continue;
    const given = Buffer.from(entry.slice(3), "utf8");
    // Not `||`-short-circuited: every entry is checked so timing says nothing about which matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}
