import { describe, expect, it } from "vitest";
import { SIGNING_SECRET } from "../support/bot-harness.js";
import { secondsMatrixVars, targetOfKey } from "../support/escalation-env.js";
import { incidentDriver, useHarness } from "../support/incident-driver.js";
import { slackSettled } from "../support/outbox.js";
import { clockFrom } from "../support/pinned-clock.js";
import { sendInteraction, viewSubmission } from "../support/slack-signer.js";
import { waitFor } from "../support/wait-for.js";

/**
 * Comms at the edges of an incident and security steps that never wait for business hours. The
 * bot's clock says Saturday 28 November 2026, 12:00 UTC (outside the matrix's Mon-Fri hours); the
 * scheduled SEV-1 update is 15 minutes away, so whatever the comms channels get is the edge comms.
 */
const SATURDAY = "2026-11-28T12:00:00Z";
const h = useHarness(
  {},
  { pagerDuty: true, clock: clockFrom(SATURDAY), vars: ({ slack }) => secondsMatrixVars(slack, "15m") },
);
const driver = incidentDriver(h);
const AUDIENCES = ["product", "support", "customer-success"] as const;
const about = (name: string, id: number) =>
  h()
    .slack.messagesIn(h().slack.channelByName(name)!.id)
    .filter((m) => m.text?.includes(`INC-${id} `))
    .map((m) => ({ at: Number(m.ts) * 1000, text: m.text ?? "" }));

describe("SEV-1: comms at the edges", () => {
  it("tells product, support and customer success at declaration, then the all-clear with duration and summary", async () => {
    const inc = await driver.declare("sev1", "Checkout API returns 500s");
    for (const name of AUDIENCES) {
      const [first] = await waitFor(() => (about(name, inc.id).length ? about(name, inc.id) : undefined), {
        timeoutMs: 10_000,
      });
      // Within the first minute (waitFor gives up after 10 s), not at the first 15-minute update.
      expect(first!.text).toContain(`INC-${inc.id} · SEV-1 · declared`);
      expect(first!.text).toContain("*What:* Checkout API returns 500s");
      expect(first!.text).toContain("*Who leads:* <@U_DECLARER> (declared it; no commander assigned yet)");
      expect(first!.text).toContain(`*Where to follow:* <#${inc.channelId}>`);
    }

    await driver.slash("role commander <@U_IC>", { channelId: inc.channelId, userId: "U_DECLARER" });
    await driver.slash("resolve Rolled back 1.4.2; error rate back to normal", {
      channelId: inc.channelId,
      userId: "U_IC",
    });
    for (const name of AUDIENCES) {
      const clear = await waitFor(() => about(name, inc.id).find((m) => m.text.includes("all clear")), {
        timeoutMs: 10_000,
      });
      expect(clear.text).toMatch(
        /\*Resolved after:\* \d+s \(2026-11-28 12:0\d UTC → 2026-11-28 12:0\d UTC\)/,
      );
      expect(clear.text).toContain("*Summary:* Rolled back 1.4.2; error rate back to normal");
      expect(clear.text).toContain("*Led by:* <@U_IC>");
      // Told once at each edge: the declaration and the all-clear.
      expect(about(name, inc.id)).toHaveLength(2);
    }
    const comms = driver.events(inc.id).filter((e) => e.kind === "comms_sent");
    expect(comms.map((e) => e.text)).toEqual([
      "declared: sent to Product, Support, Customer success",
      expect.stringMatching(/^All clear after \d+s: sent to Product, Support, Customer success$/),
    ]);
  }, 30_000);

  it("a security SEV-1 is told redacted: no title, no channel, no summary", async () => {
    const inc = await driver.declare("security", "Leaked signing key in build logs");
    await driver.slash("sev 1", { channelId: inc.channelId });
    const told = await waitFor(
      () => (about("support", inc.id).length ? about("support", inc.id) : undefined),
      {
        timeoutMs: 10_000,
      },
    );
    await driver.slash("resolve Key rotated at 12:03", { channelId: inc.channelId });
    const clear = await waitFor(() => about("support", inc.id).find((m) => m.text.includes("All clear")), {
      timeoutMs: 10_000,
    });
    for (const text of [told[0]!.text, clear.text]) {
      expect(text).toContain(":lock:");
      expect(text).not.toContain("signing key");
      expect(text).not.toContain(inc.channelId);
      expect(text).not.toContain("rotated");
    }
    expect(told[0]!.text).toContain("raised to SEV-1");
  }, 30_000);

  it("a SEV-2 tells nobody at declaration; a projected SLA breach tells support and CS, and they get the all-clear", async () => {
    const inc = await driver.declare("sev2", "Exports delayed");
    // The declaration's Slack work is done and the record has no comms: nobody was or will be told.
    await slackSettled(h().db.path);
    expect(driver.events(inc.id).filter((e) => e.kind === "comms_sent")).toEqual([]);
    for (const name of AUDIENCES) expect(about(name, inc.id)).toEqual([]);
    await driver.slash("sla-breach p95 export time will pass 4h at 14:00", { channelId: inc.channelId });
    const [breach] = about("support", inc.id);
    expect(breach?.text).toContain("SLA breach projected");
    expect(breach?.text).toContain("*What:* Exports delayed");
    expect(breach?.text).toContain(">p95 export time will pass 4h at 14:00");
    await driver.slash("resolve Queue drained", { channelId: inc.channelId });
    for (const name of ["support", "customer-success"]) {
      const clear = await waitFor(
        () => about(name, inc.id).find((m) => m.text.includes("*Summary:* Queue drained")),
        { timeoutMs: 10_000 },
      );
      expect(clear.text).toContain("*Led by:* <@U_DECLARER> (declared it; no commander was assigned)");
    }
    expect(about("product", inc.id)).toEqual([]);
  }, 30_000);
});

describe("security is never delayed", () => {
  it("a security incident declared SEV-3 on a Saturday pages the security officer and legal at once; the primary waits for Monday", async () => {
    const before = Date.now();
    const res = await sendInteraction(
      h().bot.url,
      SIGNING_SECRET,
      viewSubmission({
        callbackId: "declare_incident",
        values: {
          title: { title_input: "Suspicious admin logins" },
          severity: { severity_select: { type: "static_select", selected_option: { value: "sev3" } } },
          security: { security_check: { type: "checkboxes", selected_options: [{ value: "security" }] } },
        },
      }),
    );
    expect(res.status).toBe(200);
    const [inc] = driver.rows<{ id: number; severity: string; security: number }>(
      "select id, severity, security from incidents where title = 'Suspicious admin logins'",
    );
    expect(inc).toMatchObject({ severity: "sev3", security: 1 });
    const security = await waitFor(
      () =>
        h().pd!.events.find(
          (e) => e.action === "trigger" && e.dedupKey === `imoc-inc-${inc!.id}-security_officer`,
        ),
      { timeoutMs: 10_000 },
    );
    expect(targetOfKey(security.routingKey)).toBe("security_officer");
    // Legal is reached in Slack only (no PagerDuty service in the matrix): a DM with the page.
    await waitFor(
      () =>
        h()
          .slack.dms("U_LEGAL")
          .find((m) => m.text?.includes(`INC-${inc!.id}`)),
      {
        timeoutMs: 10_000,
      },
    );
    expect(Date.now() - before).toBeLessThan(10_000);
    const steps = driver.rows<{ target: string; due_at: number }>(
      "select target, due_at from escalation_steps where incident_id = ? order by due_at",
      inc!.id,
    );
    expect(steps.map((s) => [s.target, new Date(s.due_at).toISOString().slice(0, 16)])).toEqual([
      ["security_officer", "2026-11-28T12:00"],
      ["legal", "2026-11-28T12:00"],
      ["primary", "2026-11-30T09:00"],
    ]);
    expect(h().pd!.events.filter((e) => e.dedupKey === `imoc-inc-${inc!.id}-primary`)).toEqual([]);
  }, 30_000);
});
