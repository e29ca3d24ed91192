import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Harness, pagerDutyEnv, startHarness } from "../support/bot-harness.js";
import { incidentDriver } from "../support/incident-driver.js";
import { type PagerDutyFake, startPagerDutyFake } from "../support/pagerduty-fake.js";
import { clockFrom } from "../support/pinned-clock.js";
import { waitFor } from "../support/wait-for.js";

let h: Harness;
let pd: PagerDutyFake;
// A Wednesday in business hours, after the playbook's written "last drilled" (2026-10-08): the
// drill moves that date to this day, whatever day the suite runs on.
const DRILL_DAY = "2026-11-18";
const { slash, declare, events, rows } = incidentDriver(() => h);

beforeAll(async () => {
  pd = await startPagerDutyFake({
    oncalls: [
      {
        user: { id: "PUSER1", summary: "Pat Primary", email: "pat.primary@example.com" },
        schedule: { id: "PSCHED1" },
        escalation_policy: { id: "PPOLICY1" },
      },
    ],
  });
  // PagerDuty is fully configured: if anything in a drill reached for it, the fake would see it.
  h = await startHarness(
    { ...pagerDutyEnv(pd), ESCALATION_MATRIX: "test/fixtures/matrix/on-call.yaml" },
    { clock: clockFrom(`${DRILL_DAY}T10:00:00Z`) },
  );
});
afterAll(async () => {
  await h?.stop();
  await pd?.close();
});
afterEach(() => {
  expect(h.slack.unexpected).toEqual([]);
  expect(pd.unexpected).toEqual([]);
});

describe("a game-day drill", () => {
  it("runs end to end marked DRILL, never calls PagerDuty, posts measured times and records the drill", async () => {
    const title = "Checkout API returns 500s";
    const { id, channelId, reply } = await declare("--drill sev1", title);
    expect(reply).toContain("declared");
    const channel = h.slack.channel(channelId)!;
    expect(channel.name).toMatch(/^inc-\d+-drill-checkout-api-returns-500s$/);
    expect(channel.topic).toMatch(/^DRILL \| SEV-1 \| Investigating/);
    const intro = h.slack.messagesIn(channelId)[0];
    expect(intro?.text).toMatch(/^DRILL · INC-\d+/);
    expect(JSON.stringify(intro?.blocks)).toContain("never PagerDuty");
    expect(h.slack.messagesIn("CINCIDENTS").at(-1)?.text).toContain("DRILL · INC-");
    expect(rows("select drill from incidents where id = ?", id)).toEqual([{ drill: 1 }]);
    // Pages still go out, to the Slack users of the matrix only (no PagerDuty, not even to read).
    await waitFor(() => h.slack.dms("U_IC").some((m) => m.text?.includes("INC-")));
    // The playbook is linked as in a real incident: the drill exercises it.
    await waitFor(() => h.slack.bookmarks(channelId).some((b) => b.link.endsWith("/playbooks/api-outage")));

    // Ira was paged into the channel already; the role invites again and Slack says so.
    h.slack.allowErrors("already_in_channel");
    await slash("role commander <@U_IC|ira>", { channelId });
    await slash("ack", { channelId, userId: "U_PRIMARY" });
    await slash("mitigate", { channelId });
    await slash("resolve Rolled back the canary", { channelId });

    const report = await waitFor(() =>
      h.slack.messagesIn(channelId).find((m) => m.text?.includes("complete")),
    );
    expect(report.text).toMatch(/Time to acknowledge: \*\d+s\* :white_check_mark: \(target < 5m\)/);
    expect(report.text).toMatch(/Time to mitigate: \*\d+s\*/);
    expect(report.text).toContain("`api-outage`");

    const records = rows<{ playbook_id: string; ms_to_acknowledge: number; ms_to_mitigate: number }>(
      "select playbook_id, ms_to_acknowledge, ms_to_mitigate from drill_records where incident_id = ?",
      id,
    );
    expect(records).toEqual([
      {
        playbook_id: "api-outage",
        ms_to_acknowledge: expect.any(Number),
        ms_to_mitigate: expect.any(Number),
      },
    ]);
    expect(records[0]!.ms_to_mitigate).toBeGreaterThanOrEqual(records[0]!.ms_to_acknowledge);
    expect(events(id).map((e) => e.kind)).toEqual(
      expect.arrayContaining([
        "declared",
        "playbook_linked",
        "role_assigned",
        "acknowledged",
        "mitigated",
        "resolved",
      ]),
    );

    // "Last drilled" moves from the front matter's date to the drill's day, on the page and in Slack.
    const html = await (await fetch(`${h.bot.url}/playbooks/api-outage`)).text();
    expect(html).toContain(`Last drilled</dt><dd>${DRILL_DAY}`);
    expect(await slash("playbook api-outage", { channelId: "CGENERAL" })).toContain(
      `last drilled ${DRILL_DAY}`,
    );

    // Left out of reports: the metrics count no resolved SEV-1 although the drill was one.
    const metrics = await (await fetch(`${h.bot.url}/metrics`)).text();
    expect(metrics).toContain('imoc_incidents{severity="sev1",status="resolved"} 0');

    expect(pd.requests).toEqual([]);
    // Pat is on call in PagerDuty for primary, but a drill never asks, so Pat was not paged.
    expect(h.slack.dms("U_PRIMARY")).toEqual([]);
  });

  it("a real incident is not marked as a drill", async () => {
    const { id, channelId } = await declare("sev2", "Checkout API slow");
    expect(h.slack.channel(channelId)?.topic).toMatch(/^SEV-2 \|/);
    await slash("resolve", { channelId });
    await waitFor(() => h.slack.channel(channelId)?.topic.includes("Resolved"));
    expect(rows("select * from drill_records where incident_id = ?", id)).toEqual([]);
    expect(h.slack.messagesIn(channelId).some((m) => m.text?.includes("Drill"))).toBe(false);
  });
});
