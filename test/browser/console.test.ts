import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import { slackSettled } from "../support/outbox.js";
import { launchChromium } from "../support/chromium.js";
import { axeViolations, consoleLink, signedInPage } from "./console-browser.js";

// U_PRIMARY responds, U_DIRECTOR administers; everyone else views.
const h = useHarness(
  { CONSOLE_RESPONDER_GROUPS: "SRESPONDERS", CONSOLE_ADMIN_GROUPS: "SADMINS" },
  {
    vars: ({ slack }) => {
      slack.addUserGroup("SRESPONDERS", ["U_PRIMARY"]);
      slack.addUserGroup("SADMINS", ["U_DIRECTOR"]);
      return {};
    },
  },
);
const driver = incidentDriver(h);
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("signing in through Slack", () => {
  it("the one-time link from /incident console signs a person in; a second use is refused", async () => {
    const link = await consoleLink(h(), driver, "U_PRODUCT");
    const first = await browser.newContext();
    const page = await first.newPage();
    await page.goto(link);
    expect(new URL(page.url()).pathname).toBe("/console");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Incidents");
    expect(await page.getByText("Signed in as").textContent()).toContain("Priya Product");
    const [cookie] = await first.cookies();
    expect(cookie).toMatchObject({ name: "imoc_console", httpOnly: true, sameSite: "Lax", path: "/console" });
    // The token is stored hashed: the link's secret is nowhere in the record.
    const token = new URL(link).searchParams.get("token") as string;
    expect(driver.rows("select * from console_login_tokens where token_hash = ?", token)).toEqual([]);

    const second = await browser.newContext();
    const again = await second.newPage();
    const res = await again.goto(link);
    expect(res?.status()).toBe(401);
    expect(await again.getByRole("alert").textContent()).toMatch(/used already or is older than 10 minutes/);
    expect(await second.cookies()).toEqual([]);
    await Promise.all([first.close(), second.close()]);
  });

  it("without a session the console asks to sign in, and a session's cookie is refused after sign-out", async () => {
    const anonymous = await fetch(`${h().bot.url}/console`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain("/incident console");
    const { context, page } = await signedInPage(browser, h(), driver, "U_PRODUCT");
    const [cookie] = await context.cookies();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("You are signed out").waitFor();
    const reused = await fetch(`${h().bot.url}/console`, {
      headers: { cookie: `imoc_console=${cookie?.value}` },
    });
    expect(reused.status).toBe(401);
    await context.close();
  });
});

describe("live updates", () => {
  it("a note sent in Slack appears on the open incident page within a second, without a reload", async () => {
    const incident = await driver.declare("sev2", "Search is slow for EU customers");
    const { context, page } = await signedInPage(browser, h(), driver, "U_PRODUCT");
    await page.goto(`${h().bot.url}/console/incidents/${incident.id}`);
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = "same page";
    });
    await driver.slash("note Index rebuild started on eu-2", {
      channelId: incident.channelId,
      userId: "U_PRIMARY",
      unsettled: true,
    });
    const row = page.locator("#log tbody tr", { hasText: "Index rebuild started on eu-2" });
    await row.waitFor({ timeout: 1000 });
    expect(await row.locator("td").nth(1).textContent()).toBe("Pat Primary");
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("same page");
    // A status change shows in the summary too, and the log never holds an event twice.
    await driver.slash("ack", { channelId: incident.channelId, userId: "U_PRIMARY", unsettled: true });
    await page.locator("#summary .status-acknowledged").waitFor({ timeout: 1000 });
    const ids = await page.locator("#log tbody tr").evaluateAll((rows) => rows.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(driver.events(incident.id).length);
    await context.close();
  });

  it("the stream resumes after a dropped connection from Last-Event-ID without losing or repeating events", async () => {
    const incident = await driver.declare("sev3", "Stale avatars");
    const { context } = await signedInPage(browser, h(), driver, "U_PRODUCT");
    const [cookie] = await context.cookies();
    const headers = { cookie: `imoc_console=${cookie?.value}` };
    const url = `${h().bot.url}/console/incidents/${incident.id}/stream`;
    const idsOf = (text: string) => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    /** Reads the stream until `count` events came (or a second passed), then drops the connection. */
    async function read(extra: Record<string, string>, count: number) {
      const abort = new AbortController();
      const res = await fetch(url, { headers: { ...headers, ...extra }, signal: abort.signal });
      expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let text = "";
      const until = Date.now() + 3000;
      // One read stays pending across turns: a read dropped when the timer wins would lose its chunk.
      let pending: ReturnType<typeof reader.read> | null = null;
      while (idsOf(text).length < count && Date.now() < until) {
        pending ??= reader.read();
        const chunk = await Promise.race([
          pending,
          new Promise<null>((ok) => setTimeout(() => ok(null), 200)),
        ]);
        if (!chunk) continue;
        pending = null;
        if (chunk.done) break;
        text += Buffer.from(chunk.value).toString();
      }
      abort.abort();
      return idsOf(text);
    }
    const all = () =>
      driver
        .rows<{ id: number }>("select id from timeline_events where incident_id = ? order by id", incident.id)
        .map((r) => r.id);
    const first = await read({}, all().length);
    expect(first).toEqual(all());
    // While disconnected, three more events are recorded.
    for (const n of [1, 2, 3])
      await driver.slash(`note while away ${n}`, { channelId: incident.channelId, unsettled: true });
    const last = first.at(-1) as number;
    const resumed = await read({ "last-event-id": String(last) }, 3);
    expect(resumed).toEqual(all().filter((id) => id > last));
    expect(resumed).toHaveLength(3);
    await context.close();
  });
});

describe("responders act from the console", () => {
  it("a responder acknowledges and the channel hears it from Slack, as them", async () => {
    const incident = await driver.declare("sev1", "Payments failing at checkout");
    const { context, page } = await signedInPage(browser, h(), driver, "U_PRIMARY");
    await page.goto(`${h().bot.url}/console/incidents/${incident.id}`);
    await page.getByRole("button", { name: "Acknowledge" }).click();
    await page.getByRole("status").filter({ hasText: "Acknowledged." }).waitFor();
    await slackSettled(h().db.path);
    const said = h()
      .slack.messagesIn(incident.channelId)
      .map((m) => m.text ?? "");
    expect(said.some((t) => /acknowledged/i.test(t) && t.includes("<@U_PRIMARY>"))).toBe(true);
    const ack = driver.events(incident.id).find((e) => e.kind === "acknowledged");
    expect(ack?.actor).toBe("slack:U_PRIMARY");

    await page.getByLabel("Note for the IMOC log").fill("Rolled back payments-api to 2.3.1");
    await page.getByRole("button", { name: "Add note" }).click();
    await page.getByRole("status").filter({ hasText: "Note added" }).waitFor();
    await page
      .getByRole("textbox", { name: /^Status update/ })
      .fill("Payments recover; watching error rates");
    await page.getByRole("button", { name: "Post update" }).click();
    await page.getByRole("status").filter({ hasText: "Status update posted" }).waitFor();
    await slackSettled(h().db.path);
    const texts = h()
      .slack.messagesIn(incident.channelId)
      .map((m) => m.text ?? "");
    expect(texts.some((t) => t.includes("Rolled back payments-api to 2.3.1"))).toBe(true);
    expect(texts.some((t) => t.includes("Payments recover; watching error rates"))).toBe(true);
    expect(
      driver
        .events(incident.id)
        .filter((e) => e.actor === "slack:U_PRIMARY")
        .map((e) => e.kind),
    ).toEqual(expect.arrayContaining(["acknowledged", "note", "status_update"]));

    // A form without the session's CSRF token changes nothing.
    const [cookie] = await context.cookies();
    const forged = await fetch(`${h().bot.url}/console/incidents/${incident.id}/note`, {
      method: "POST",
      headers: {
        cookie: `imoc_console=${cookie?.value}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "text=forged&_csrf=guess",
      redirect: "manual",
    });
    expect(forged.status).toBe(403);
    expect(driver.events(incident.id).some((e) => e.text === "forged")).toBe(false);
    // An empty note (the browser stops it; a script might not) is answered with what to fix.
    const csrf = await page.evaluate(
      () => document.querySelector<HTMLInputElement>("input[name=_csrf]")?.value ?? "",
    );
    const empty = await fetch(`${h().bot.url}/console/incidents/${incident.id}/note`, {
      method: "POST",
      headers: {
        cookie: `imoc_console=${cookie?.value}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ _csrf: csrf, text: "  " }).toString(),
      redirect: "manual",
    });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("text: write something first");
    // The review export link serves the post-incident review with what was just done.
    const review = await page.goto(`${h().bot.url}/console/incidents/${incident.id}/review.md`);
    expect(review?.status()).toBe(200);
    expect(await review?.text()).toContain("Rolled back payments-api to 2.3.1");
    await context.close();
  });

  it("a viewer gets no action forms, and a viewer's forged post is refused", async () => {
    const incident = await driver.declare("sev2", "Reports export times out");
    const { context, page } = await signedInPage(browser, h(), driver, "U_PRODUCT");
    await page.goto(`${h().bot.url}/console/incidents/${incident.id}`);
    expect(await page.getByRole("button", { name: "Acknowledge" }).count()).toBe(0);
    const csrf = await page.evaluate(
      () => document.querySelector<HTMLInputElement>("input[name=_csrf]")?.value ?? "",
    );
    const [cookie] = await context.cookies();
    const res = await fetch(`${h().bot.url}/console/incidents/${incident.id}/acknowledge`, {
      method: "POST",
      headers: {
        cookie: `imoc_console=${cookie?.value}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
      redirect: "manual",
    });
    expect(res.status).toBe(403);
    expect(
      driver.rows<{ status: string }>("select status from incidents where id = ?", incident.id)[0]?.status,
    ).toBe("declared");
    await context.close();
  });
});

describe("security incidents", () => {
  it("a viewer outside the channel does not see it (not listed, 404); a member of its channel and an admin do", async () => {
    const incident = await driver.declare("security", "Leaked deploy key in a public gist");
    expect(h().slack.membersOf(incident.channelId)).toContain("U_DECLARER");
    expect(h().slack.membersOf(incident.channelId)).not.toContain("U_PRODUCT");

    const outsider = await signedInPage(browser, h(), driver, "U_PRODUCT");
    await outsider.page.goto(`${h().bot.url}/console?q=deploy+key`);
    expect(await outsider.page.locator("#incidents").textContent()).toContain("No incidents match");
    const hidden = await outsider.page.goto(`${h().bot.url}/console/incidents/${incident.id}`);
    expect(hidden?.status()).toBe(404);
    expect(await outsider.page.content()).not.toContain("Leaked deploy key");
    const review = await outsider.page.goto(`${h().bot.url}/console/incidents/${incident.id}/review.md`);
    expect(review?.status()).toBe(404);

    for (const userId of ["U_DECLARER", "U_DIRECTOR"]) {
      const member = await signedInPage(browser, h(), driver, userId);
      await member.page.goto(`${h().bot.url}/console?security=only`);
      expect(await member.page.locator(`#inc-${incident.id}`).textContent()).toContain("Leaked deploy key");
      const shown = await member.page.goto(`${h().bot.url}/console/incidents/${incident.id}`);
      expect(shown?.status()).toBe(200);
      await member.context.close();
    }
    await outsider.context.close();
    // Who saw what: each member's read is in the incident's access log; the refused one is not.
    const reads = driver.rows<{ who: string }>(
      "select distinct who from access_log where incident_id = ? and what = 'console page'",
      incident.id,
    );
    expect(reads.map((r) => r.who).sort()).toEqual(["slack:U_DECLARER", "slack:U_DIRECTOR"]);
  });
});

describe("follow-ups", () => {
  it("the incident page lists its follow-ups with owner, due day and state", async () => {
    const incident = await driver.declare("sev2", "Checkout retries pile up");
    const { context, page } = await signedInPage(browser, h(), driver, "U_PRODUCT");
    await page.goto(`${h().bot.url}/console/incidents/${incident.id}`);
    expect(await page.locator("#followups").count()).toBe(0);
    await driver.slash("followup Add a retry budget to checkout <@U_PRIMARY|priya> due 2099-01-31", {
      channelId: incident.channelId,
    });
    await page.goto(`${h().bot.url}/console/incidents/${incident.id}`);
    const row = page.locator("#followups tbody tr");
    expect(await row.count()).toBe(1);
    const cells = await row.locator("td").allTextContents();
    expect(cells.slice(1)).toEqual(["Add a retry budget to checkout", "Pat Primary", "2099-01-31", "open"]);
    await context.close();
  });
});

/** Presses Tab until `focused` holds in the page (at most 30 times). */
async function tabTo(page: Page, focused: () => boolean) {
  for (let i = 0; i < 30 && !(await page.evaluate(focused)); i++) await page.keyboard.press("Tab");
  expect(await page.evaluate(focused)).toBe(true);
}

describe("accessibility", () => {
  it("axe-core finds no WCAG 2.1 AA violation on any page, light or dark", { timeout: 90_000 }, async () => {
    const incident = await driver.declare("sev1", "Login page blank on Safari");
    await driver.slash("note Reproduced on Safari 17", {
      channelId: incident.channelId,
      userId: "U_PRIMARY",
    });
    const signIn = await browser.newContext({ bypassCSP: true });
    const anonymous = await signIn.newPage();
    await anonymous.goto(`${h().bot.url}/console`);
    expect(await axeViolations(anonymous)).toEqual([]);
    await signIn.close();
    for (const colorScheme of ["light", "dark"] as const) {
      const { context, page } = await signedInPage(browser, h(), driver, "U_PRIMARY", { colorScheme });
      for (const path of [
        "/console",
        `/console/incidents/${incident.id}`,
        "/console/playbooks",
        "/console/incidents/99999",
      ]) {
        await page.goto(`${h().bot.url}${path}`);
        expect({ path, colorScheme, violations: await axeViolations(page) }).toEqual({
          path,
          colorScheme,
          violations: [],
        });
      }
      await context.close();
    }
  });

  it("the list works with the keyboard alone, with a visible focus", async () => {
    await driver.declare("sev3", "Keyboard: typo on the pricing page");
    const { context, page } = await signedInPage(browser, h(), driver, "U_PRODUCT");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    // Tab to the search field, type, submit with Enter.
    await tabTo(page, () => document.activeElement?.id === "f-q");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-q");
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).not.toBe("none");
    await page.keyboard.type("pricing");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown"); // severity: SEV-1
    await page.keyboard.press("ArrowDown"); // SEV-2
    await page.keyboard.press("ArrowDown"); // SEV-3
    await tabTo(page, () => document.activeElement?.textContent === "Apply filters");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=pricing/);
    expect(new URL(page.url()).searchParams.get("severity")).toBe("sev3");
    const rows = page.locator("#incidents tbody tr");
    expect(await rows.count()).toBe(1);
    // Tab onward to the incident's link and open it.
    await tabTo(page, () => document.activeElement?.closest("#incidents") !== null);
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
    expect(focused).toMatch(/^INC-\d+$/);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/console\/incidents\/\d+$/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain(
      "Keyboard: typo on the pricing page",
    );
    await context.close();
  });

  it("the pages are readable with JavaScript off", async () => {
    const incident = await driver.declare("sev2", "No-JS: webhooks delayed");
    const { context, page } = await signedInPage(browser, h(), driver, "U_PRODUCT", {
      javaScriptEnabled: false,
    });
    expect(await page.locator(`#inc-${incident.id}`).textContent()).toContain("No-JS: webhooks delayed");
    await page.goto(`${h().bot.url}/console/incidents/${incident.id}`);
    expect(await page.locator("#log tbody tr").count()).toBe(driver.events(incident.id).length);
    expect(await page.locator("#log time").first().textContent()).toMatch(/UTC$/);
    await context.close();
  });
});
