import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { formatConfigProblems, loadConfig } from "../../src/config/load-config.js";
import { type Harness, SIGNING_SECRET, startHarness } from "../support/bot-harness.js";
import { incidentDriver } from "../support/incident-driver.js";
import { sendInteraction, viewSubmission } from "../support/slack-signer.js";
import { waitFor } from "../support/wait-for.js";

let h: Harness;
const { slash, declare, events, rows } = incidentDriver(() => h);
beforeAll(async () => {
  h = await startHarness({ ESCALATION_MATRIX: "test/fixtures/matrix/on-call.yaml" });
});
afterAll(async () => {
  await h?.stop();
});
afterEach(() => {
  expect(h.slack.unexpected).toEqual([]);
});

describe("playbooks linked to incidents", () => {
  it('declaring "Checkout API returns 500s" posts, bookmarks and records the API-outage playbook', async () => {
    const { id, channelId } = await declare("sev2", "Checkout API returns 500s");
    const link = `${h.bot.url}/playbooks/api-outage`;
    const post = await waitFor(() =>
      h.slack.messagesIn(channelId).find((m) => m.text?.includes("API outage / elevated 5xx")),
    );
    expect(post.text).toContain(link);
    expect(post.text).toContain("Owner @api-oncall-lead · backup @platform-lead");
    expect(post.text).toContain("1. Acknowledge the page");
    expect(post.text).toContain("grafana.example.com/d/api-golden-signals");
    expect(h.slack.bookmarks(channelId)).toEqual([
      expect.objectContaining({ title: "Playbook: API outage / elevated 5xx", link }),
    ]);
    const linked = events(id).filter((e) => e.kind === "playbook_linked");
    expect(linked).toHaveLength(1);
    expect(JSON.parse(linked[0]!.data)).toMatchObject({ playbookId: "api-outage", url: link });

    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<h1>API outage / elevated 5xx</h1>");
    expect(html).toContain("<h2>Decision tree</h2>");
    expect(html).toContain("Last drilled</dt><dd>2026-10-08");
  });

  it("/incident playbook lists candidates, links another one once, and says when it is unknown", async () => {
    const { id, channelId } = await declare("sev2", "Checkout API timeouts from the database");
    const list = await slash("playbook", { channelId });
    expect(list).toMatch(/`api-outage`.*linked/);
    expect(list).toContain("`vendor-failure`");

    const before = h.slack.bookmarks(channelId).length;
    expect(await slash("playbook vendor-failure", { channelId })).toContain('Linked "Third-party / vendor');
    expect(await slash("playbook vendor-failure", { channelId })).toContain("already linked");
    expect(h.slack.bookmarks(channelId)).toHaveLength(before + 1);
    expect(
      events(id)
        .filter((e) => e.kind === "playbook_linked")
        .map((e) => JSON.parse(e.data).playbookId),
    ).toContain("vendor-failure");
    expect(await slash("playbook nope", { channelId })).toContain("There is no playbook `nope`");
  });

  it("outside an incident channel /incident playbook <id> shows it without linking", async () => {
    const reply = await slash("playbook security-incident", { channelId: "CGENERAL" });
    expect(reply).toContain("Security incident (evidence preservation, chain of custody, legal)");
    expect(reply).toContain("Preserve evidence before changing anything");
  });

  it("tells the channel when no playbook matches", async () => {
    const { id, channelId } = await declare("sev3", "Login page blank");
    await waitFor(() => h.slack.messagesIn(channelId).find((m) => m.text?.includes("No playbook matches")));
    expect(events(id).some((e) => e.kind === "playbook_linked")).toBe(false);
  });

  it("links again when the service or the title changes", async () => {
    const { id, channelId } = await declare("sev2", "Something is off with orders");
    expect(await slash("service orders-db", { channelId })).toContain("Updated");
    await waitFor(() =>
      h.slack.bookmarks(channelId).some((b) => b.link.endsWith("/playbooks/database-degradation")),
    );
    await slash("title Stripe payment provider failing", { channelId });
    await waitFor(() =>
      h.slack.bookmarks(channelId).some((b) => b.link.endsWith("/playbooks/vendor-failure")),
    );
    expect(h.slack.channel(channelId)?.topic).toContain("Stripe payment provider failing");
    const kinds = events(id).map((e) => e.kind);
    expect(kinds.filter((k) => k === "details_changed")).toHaveLength(2);
    expect(rows("select service, title from incidents where id = ?", id)).toEqual([
      { service: "orders-db", title: "Stripe payment provider failing" },
    ]);
  });

  it("the declare modal offers a playbook picker and a commander; both apply", async () => {
    await slash("declare", { noReply: true });
    const view = await waitFor(() => h.slack.views.find((v) => v.callbackId === "declare_incident"));
    expect(JSON.stringify(view.view)).toContain('"value":"database-degradation"');
    const res = await sendInteraction(
      h.bot.url,
      SIGNING_SECRET,
      viewSubmission({
        callbackId: "declare_incident",
        values: {
          title: { title_input: "Orders are slow" },
          severity: { severity_select: { type: "static_select", selected_option: { value: "sev2" } } },
          security: { security_check: { type: "checkboxes", selected_options: [] } },
          playbook: {
            playbook_select: { type: "static_select", selected_option: { value: "database-degradation" } },
          },
          commander: { commander_select: { type: "users_select", selected_user: "U_IC" } },
          scribe: { scribe_select: { type: "users_select", selected_user: "U_DIRECTOR" } },
          service: { service_input: "Orders-DB" },
        },
      }),
    );
    expect(res.status, res.body).toBe(200);
    const channel = await waitFor(() =>
      h.slack.calls.find(
        (c) => c.method === "conversations.create" && String(c.args.name).endsWith("orders-are-slow"),
      )
        ? h.slack.channelByName(
            String(
              h.slack
                .callsTo("conversations.create")
                .find((c) => c.ok && String(c.args.name).endsWith("orders-are-slow"))?.args.name,
            ),
          )
        : undefined,
    );
    await waitFor(() =>
      h.slack.bookmarks(channel.id).some((b) => b.link.endsWith("/playbooks/database-degradation")),
    );
    await waitFor(() => h.slack.channel(channel.id)?.topic.includes("IC: <@U_IC>"));
    await waitFor(() => h.slack.dms("U_DIRECTOR").find((m) => m.text?.includes("You are the *Scribe*")));
    expect(rows("select service from incidents where title = 'Orders are slow'")).toEqual([
      { service: "orders-db" },
    ]);
    await waitFor(() =>
      h.slack.dms("U_IC").find((m) => m.text?.includes("You are the *Incident commander*")),
    );
  });

  it("GET /playbooks lists every playbook with its owner", async () => {
    const html = await (await fetch(`${h.bot.url}/playbooks`)).text();
    for (const id of ["api-outage", "database-degradation", "security-incident", "vendor-failure"])
      expect(html).toContain(`href="/playbooks/${id}"`);
    expect(html).toContain("@security-duty-officer");
  });

  it("answers 404 for an unknown playbook, with the id escaped", async () => {
    const res = await fetch(`${h.bot.url}/playbooks/${encodeURIComponent("<script>x</script>")}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("&lt;script&gt;x&lt;/script&gt;");
  });
});

describe("a broken playbook set", () => {
  // restart.test.ts shows that a refused configuration stops `npm start` with exit 1.
  it("is refused at start-up, naming the file and the field", () => {
    const dir = mkdtempSync(join(tmpdir(), "imoc-broken-playbooks-"));
    try {
      // Templates (status updates) live beside the playbooks; copy them so only db.md is wrong.
      if (existsSync("playbooks/templates"))
        cpSync("playbooks/templates", join(dir, "templates"), { recursive: true });
      writeFileSync(
        join(dir, "db.md"),
        "---\nid: db\ntitle: DB\nowner: '@dana'\nseverities: [sev1]\n---\n# DB\n",
      );
      const loaded = loadConfig({ ...h.vars, PLAYBOOKS_DIR: dir });
      expect(loaded.ok).toBe(false);
      expect(formatConfigProblems(loaded.ok ? [] : loaded.problems)).toContain(
        `  - ${join(dir, "db.md")}: backup is missing`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
