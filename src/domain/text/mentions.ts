/**
 * Broadcast mentions in Slack markup: `<!channel>`, `<!here>`, `<!everyone>` (each may carry a
 * `|label`) and user groups `<!subteam^S123>` / `<!subteam^S123|@oncall>`.
 */
const BROADCAST = /<!(channel|here|everyone|subteam\^[^|>]*)(?:\|([^>]*))?>/gi;
/** The bare words, which Slack links when a message is posted with `link_names`. */
const BARE = /@(channel|here|everyone)\b/gi;
/**
 * Half a UTF-16 pair (a broken paste, `"\ud800"` in a JSON payload): Slack's Web API cannot carry
 * it (the client fails to encode the request, then retries), so it is shown as U+FFFD.
 */
const LONE_SURROGATE = /[\ud800-\udfff]/gu;
/** U+2060 WORD JOINER: invisible, and "@⁠here" is no longer a word Slack links. */
const JOINER = "\u2060";

/**
 * Text people typed, made safe to repeat: every broadcast mention reads as before ("@here",
 * "@oncall") but notifies nobody. User mentions (`<@U123>`), channel links and dates stay live.
 * Applied where the bot renders text for Slack; the record keeps what was typed. Lone surrogates
 * become U+FFFD on the way.
 */
export function neutraliseMentions(typed: string): string {
  const text = typed.replace(LONE_SURROGATE, "\ufffd");
  if (!text.includes("<!") && !text.includes("@")) return text;
  return text
    .replace(BROADCAST, (_whole, what: string, label: string | undefined) => {
      const name = (label ?? (what.toLowerCase().startsWith("subteam^") ? "usergroup" : what)).replace(
        /^@/,
        "",
      );
      return `@${JOINER}${name}`;
    })
    .replace(BARE, (_whole, word: string) => `@${JOINER}${word}`);
}

/** A Slack user id (`U0123ABCD`, or `W…` on Enterprise Grid), as mentions carry it. */
export const SLACK_USER_ID = /^[UW][A-Z0-9_]+$/;
export const isSlackUserId = (text: string): boolean => SLACK_USER_ID.test(text);
