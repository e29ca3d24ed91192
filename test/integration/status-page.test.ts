import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGNING_SECRET } from "../support/bot-harness.js";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import { slackSettled } from "../support/outbox.js";
import { blockAction, sendInteraction, viewSubmission } from "../support/slack-signer.js";
import { waitFor } from "../support/wait-for.js";

/**
 * The public status page: only what people published, escaped, without login; JSON and Atom for
 * machines. Pages are checked in a real browser (Debian's chromium): axe-core finds no
 * accessibility violation, the feed parses as XML.
 */
const h = useHarness();
const driver = incidentDriver(h);
const get = (path: string) => fetch(`${h().bot.url}${path}`);
const SCRIPT = `<script>alert("owned")</script>`;

interface StatusJson {
  status: { indicator: string };
  components: Array<{ name: string; status: string }>;
  incidents: Array<{
    id: number;
    name: string;
    status: string;
    updates: Array<{ status: string; body: string }>;
  }>;
}
const interact = (payload: Record<string, unknown>) => sendInteraction(h().bot.url, SIGNING_SECRET, payload);
const openedView = (callbackId: string, incidentId: number) =>
  waitFor(() =>
    h().slack.views.find((v) => v.callbackId === callbackId && v.privateMetadata === String(incidentId)),
  );
const submitPublicForm = (incidentId: number, text: string, userId = "U_DECLARER") =>
  interact(
    viewSubmission({
      callbackId: "statuspage_publish",
      privateMetadata: String(incidentId),
      userId,
      values: { statuspage: { statuspage_input: text } },
    }),
  );
const json = async () => (await (await get("/status.json")).json()) as StatusJson;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("public status page", () => {
  let inc: { id: number; channelId: string };

  it("shows exactly the published text, escaped, and nothing internal; no login", async () => {
    inc = await driver.declare("sev1", "Checkout 500s after deploy 1.4.2 (Bob's migration)");
    const inChannel = { channelId: inc.channelId, userId: "U_DECLARER" };
    await driver.slash("service checkout-api", inChannel);
    await driver.slash("role commander <@U_IC>", inChannel);
    await driver.slash("note suspect Bob's failover script on db-7.internal", inChannel);
    await driver.slash("update internal: rolling back 1.4.2", inChannel);
    expect((await json()).incidents.find((i) => i.id === inc.id)).toBeUndefined();

    const reply = await driver.slash(
      `statuspage Some payments at checkout fail. We are investigating. ${SCRIPT}`,
      {
        channelId: inc.channelId,
        userId: "U_IC",
      },
    );
    expect(reply).toMatch(
      /^:globe_with_meridians: Published on the status page as \*Investigating\*: http:\/\/127\.0\.0\.1:\d+\/status$/,
    );

    const res = await get("/status");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain(
      "Some payments at checkout fail. We are investigating. &lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;",
    );
    expect(html).not.toContain("<script");
    for (const internal of ["Bob", "1.4.2", "db-7", "U_IC", "U_DECLARER", "Ira", inc.channelId, "SEV-1"])
      expect(html).not.toContain(internal);
    expect(html).toContain("checkout-api: service disruption");
    expect(html).toMatch(/<th scope="row">checkout-api<\/th><td class="major_outage">Major outage<\/td>/);
    expect(html).toMatch(/<th scope="row">payments-api<\/th><td class="operational">Operational<\/td>/);

    const data = await json();
    expect(data.status.indicator).toBe("major_outage");
    expect(data.incidents.find((i) => i.id === inc.id)).toEqual(
      expect.objectContaining({
        name: "checkout-api: service disruption",
        status: "investigating",
        updates: [
          expect.objectContaining({ status: "investigating", body: expect.stringContaining(SCRIPT) }),
        ],
      }),
    );
    expect(JSON.stringify(data)).not.toMatch(/Bob|db-7|U_IC|Ira/);

    // Every publication is a timeline event, and the channel is told.
    expect(driver.events(inc.id).filter((e) => e.kind === "status_page_published")).toEqual([
      expect.objectContaining({
        actor: "slack:U_IC",
        text: expect.stringContaining("(Investigating): Some payments"),
      }),
    ]);
    expect(
      h()
        .slack.messagesIn(inc.channelId)
        .some((m) => m.text?.includes("published on the status page by <@U_IC>")),
    ).toBe(true);
  });

  it("is accessible (axe-core in chromium finds nothing) and its Atom feed parses", async () => {
    // The page's CSP forbids every script, the test's too: axe runs in a context that bypasses it.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${h().bot.url}/status`);
    const axe = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    await page.addScriptTag({ content: axe });
    const violations = await page.evaluate(async () => {
      const run = (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string }> }> } })
        .axe;
      return (await run.run()).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);

    const atomRes = await get("/status.atom");
    expect(atomRes.headers.get("content-type")).toMatch(/^application\/atom\+xml/);
    const atom = await atomRes.text();
    const feed = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, "application/xml");
      const ns = "http://www.w3.org/2005/Atom";
      const text = (el: Element, name: string) => el.getElementsByTagNameNS(ns, name)[0]?.textContent ?? null;
      return {
        error: doc.getElementsByTagName("parsererror").length > 0,
        root: doc.documentElement.namespaceURI,
        id: text(doc.documentElement, "id"),
        updated: text(doc.documentElement, "updated"),
        entries: [...doc.getElementsByTagNameNS(ns, "entry")].map((e) => ({
          id: text(e, "id"),
          title: text(e, "title"),
          updated: text(e, "updated"),
          content: text(e, "content"),
        })),
      };
    }, atom);
    await context.close();
    expect(feed.error).toBe(false);
    expect(feed.root).toBe("http://www.w3.org/2005/Atom");
    expect(feed.id).toMatch(/\/status$/);
    expect(Number.isNaN(Date.parse(feed.updated ?? ""))).toBe(false);
    const entry = feed.entries.find((e) => e.content?.includes("Some payments at checkout fail"));
    expect(entry).toEqual({
      id: expect.stringMatching(/\/status#update-\d+$/),
      title: "checkout-api: service disruption: Investigating",
      updated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      content: expect.stringContaining(SCRIPT),
    });
  }, 30_000);

  it("resolving asks the commander to publish the resolution; the button's form publishes it", async () => {
    await driver.slash("resolve Rolled back", { channelId: inc.channelId, userId: "U_IC" });
    const dm = await waitFor(() =>
      h()
        .slack.dms("U_IC")
        .find((m) => m.text?.includes("status page")),
    );
    expect(dm.text).toContain("still tells customers *Investigating*");
    const click = await interact(
      blockAction({
        actionId: "incident_statuspage",
        value: String(inc.id),
        userId: "U_IC",
        channelId: dm.channel,
      }),
    );
    expect(click.status).toBe(200);
    const form = await openedView("statuspage_publish", inc.id);
    expect(JSON.stringify(form.view)).toContain("This incident has been resolved.");
    const submit = await submitPublicForm(inc.id, "Checkout works normally again since 14:05 UTC.", "U_IC");
    expect(submit.status).toBe(200);
    const data = await json();
    const published = data.incidents.find((i) => i.id === inc.id)!;
    expect(published.status).toBe("resolved");
    expect(published.updates.map((u) => u.status)).toEqual(["resolved", "investigating"]);
    expect(data.status.indicator).toBe("operational");
    expect(data.components.find((c) => c.name === "checkout-api")?.status).toBe("operational");
    expect(await (await get("/status")).text()).toMatch(
      /Resolved in the last 14 days<\/h2>\n<article id="incident-\d+"/,
    );
  });

  it("the update form has a button that pushes the public form over it", async () => {
    const other = await driver.declare("sev2", "Search latency above 2s");
    const res = await interact(
      blockAction({ actionId: "incident_post_update", value: String(other.id), channelId: other.channelId }),
    );
    expect(res.status).toBe(200);
    const updateForm = await openedView("post_update", other.id);
    expect(JSON.stringify(updateForm.view)).toContain('"action_id":"incident_statuspage"');
    await interact(
      blockAction({
        actionId: "incident_statuspage",
        value: String(other.id),
        view: { id: updateForm.id, callbackId: "post_update", privateMetadata: String(other.id) },
      }),
    );
    const pushed = await openedView("statuspage_publish", other.id);
    expect(pushed.pushed).toBe(true);
    // An empty text is refused in the form, and nothing is published.
    const empty = await submitPublicForm(other.id, "   ");
    expect(empty.json).toEqual({
      response_action: "errors",
      errors: { statuspage: "Nothing published: write what customers should read." },
    });
    expect((await json()).incidents.find((i) => i.id === other.id)).toBeUndefined();
  });

  it("a security incident appears only when someone publishes it; a drill never does", async () => {
    const sec = await driver.declare("security", "Leaked signing key in build logs");
    await driver.slash("resolve Key rotated", { channelId: sec.channelId });
    expect((await json()).incidents.find((i) => i.id === sec.id)).toBeUndefined();
    expect(await (await get("/status")).text()).not.toContain("signing key");
    // Resolved with nothing public: nobody is asked to publish anything.
    await slackSettled(h().db.path);
    expect(
      h()
        .slack.dms("U_DECLARER")
        .some((m) => m.text?.includes(`INC-${sec.id} is resolved`)),
    ).toBe(false);

    const sec2 = await driver.declare("security", "Credential stuffing on login");
    expect(
      await driver.slash("statuspage Some customers may be asked to reset their password.", {
        channelId: sec2.channelId,
      }),
    ).toMatch(/^:globe_with_meridians: Published/);
    expect((await json()).incidents.find((i) => i.id === sec2.id)?.updates[0]?.body).toBe(
      "Some customers may be asked to reset their password.",
    );

    const drill = await driver.declare("--drill sev1", "Game day: checkout down");
    expect(await driver.slash("statuspage Checkout is down", { channelId: drill.channelId })).toBe(
      "Nothing published: a drill is never published on the public status page.",
    );
    expect(driver.events(drill.id).some((e) => e.kind === "status_page_published")).toBe(false);
  });
});
