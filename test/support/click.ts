import { expect } from "vitest";
import type { Harness } from "./bot-harness.js";
import { SIGNING_SECRET } from "./bot-harness.js";
import { slackSettled } from "./outbox.js";
import type { FakeResponse } from "./slack-fake/types.js";
import { type BlockActionInput, blockAction, sendInteraction } from "./slack-signer.js";
import { waitFor } from "./wait-for.js";

/**
 * Someone clicks a button (or picks an option) of a bot message: the signed block_actions with a
 * response_url named `key` (default `<actionId>-<value>`). Resolves with the bot's answer on that
 * URL, once the Slack writes the click caused are done.
 */
export async function click(
  h: Pick<Harness, "bot" | "slack" | "db">,
  input: Omit<BlockActionInput, "responseUrl"> & { key?: string },
): Promise<FakeResponse> {
  const { key = `${input.actionId}-${input.value}`, ...action } = input;
  const res = await sendInteraction(
    h.bot.url,
    SIGNING_SECRET,
    blockAction({ ...action, responseUrl: h.slack.responseUrl(key) }),
  );
  expect(res.status).toBe(200);
  const response = await waitFor(() => h.slack.responses.find((r) => r.key === key));
  await slackSettled(h.db.path);
  return response;
}
