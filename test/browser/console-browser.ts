import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import type { Harness } from "../support/bot-harness.js";
import type { incidentDriver } from "../support/incident-driver.js";
import { waitFor } from "../support/wait-for.js";

const LINK = /(https?:\/\/\S+\/console\/login\?token=[\w-]+)/;

/** `/incident console` as `userId`, and the link of the DM imoc sends. */
export async function consoleLink(h: Harness, driver: ReturnType<typeof incidentDriver>, userId: string) {
  const before = h.slack.dms(userId).length;
  const reply = await driver.slash("console", { userId });
  expect(reply).toMatch(/sent you a sign-in link/);
  const dm = await waitFor(
    () =>
      h.slack
        .dms(userId)
        .slice(before)
        .find((m) => LINK.test(m.text ?? "")),
    {
      describe: () => h.slack.describe(),
    },
  );
  return (LINK.exec(dm.text ?? "") as RegExpExecArray)[1] as string;
}

/** A fresh browser context (its own cookies) signed in as `userId`. CSP is bypassed for axe only. */
export async function signedInPage(
  browser: Browser,
  h: Harness,
  driver: ReturnType<typeof incidentDriver>,
  userId: string,
  opts: { javaScriptEnabled?: boolean; colorScheme?: "light" | "dark" } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ bypassCSP: true, ...opts });
  const page = await context.newPage();
  const res = await page.goto(await consoleLink(h, driver, userId));
  expect(res?.status()).toBe(200);
  expect(new URL(page.url()).pathname).toBe("/console");
  return { context, page };
}

const axePath = createRequire(import.meta.url).resolve("axe-core");

/** axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is. */
export async function axeViolations(page: Page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            o: unknown,
          ): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run({ runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target) }));
  });
}
