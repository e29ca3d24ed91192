import { describe, expect, it } from "vitest";
import { incidentChannelName, isValidChannelName, slugify } from "../../src/domain/incident/channel-name.js";

describe("incident channel names", () => {
  it("is inc-<number>-<slug of the title>", () => {
    expect(incidentChannelName(42, "Checkout API returns 500s")).toBe("inc-42-checkout-api-returns-500s");
  });

  it("follows Slack's rules for any title", () => {
    for (const title of [
      "Ünïcödé Café — down!!",
      "   ",
      "💥💥💥",
      "A".repeat(300),
      "db: replica lag > 30s (eu-west-1)",
    ]) {
      const name = incidentChannelName(1234, title);
      expect(isValidChannelName(name), name).toBe(true);
    }
  });

  it("keeps long titles under 80 characters, cut at a word boundary", () => {
    const name = incidentChannelName(
      7,
      "the payments service is timing out for every customer in europe and asia since the deploy",
    );
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name.endsWith("-")).toBe(false);
    expect(name).toMatch(/^inc-7-the-payments-service/);
  });

  it("adds a numbered suffix for name_taken retries and still fits", () => {
    expect(incidentChannelName(3, "Login broken", 2)).toBe("inc-3-login-broken-2");
    expect(incidentChannelName(3, "x".repeat(200), 12).length).toBeLessThanOrEqual(80);
    expect(incidentChannelName(3, "x".repeat(200), 12)).toMatch(/-12$/);
  });

  it("falls back to inc-<number> when the title has no usable characters", () => {
    expect(incidentChannelName(9, "🔥🔥")).toBe("inc-9");
  });

  it("slugifies accents and punctuation", () => {
    expect(slugify("Café: Ünïcode / API")).toBe("cafe-unicode-api");
  });
});
