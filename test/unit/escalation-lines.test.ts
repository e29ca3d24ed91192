import { describe, expect, it } from "vitest";
import { slackEscalationMessages as m } from "../../src/adapters/slack/blocks/escalation-messages.js";
import { anIncident } from "./support/incident.js";

const incident = anIncident({ status: "acknowledged", commander: "U_IC" });

describe("escalation and comms lines in Slack", () => {
  it("say how each step ended, with its planned T+", () => {
    const at = { elapsed: "5m", target: "Secondary on-call" };
    expect(
      m.stepFinished({ outcome: "paged", ...at, via: ["PagerDuty", `Slack: ${m.user("U2")}`] }).text,
    ).toBe("⏫ T+5m: paged Secondary on-call (PagerDuty, Slack: <@U2>)");
    expect(m.stepFinished({ outcome: "skipped", ...at, reason: "already paged at T+0s" }).text).toBe(
      "⏭️ T+5m: skipped Secondary on-call: already paged at T+0s",
    );
    expect(m.stepFinished({ outcome: "failed", ...at, reason: "no Slack users found" }).text).toBe(
      ":warning: T+5m: could not page Secondary on-call: no Slack users found",
    );
  });

  it("announce a re-plan with the next step", () => {
    expect(
      m.replanned({ incident, pending: 2, next: { target: "CTO", elapsed: "30m" }, cancelled: 1 }).text,
    ).toBe(
      ":arrows_counterclockwise: Escalation re-planned for SEV-1: 2 step(s) pending; next: CTO at T+30m; 1 pending step(s) of the old plan cancelled. `/incident escalation` shows the plan.",
    );
  });

  it("give comms audiences the heading, or only the news of news for a security incident", () => {
    expect(m.comms(incident, "SLA breach projected", "EU customers").text).toBe(
      ":mega: *SLA breach projected*: INC-42 (SEV-1) Checkout API returns 500s · <#C042>\n>EU customers",
    );
    expect(m.forwardedUpdate(incident, "Rolled back", "U_IC").text).toBe(
      ":loudspeaker: *INC-42 update from <@U_IC>* (SEV-1, Acknowledged): Checkout API returns 500s\nRolled back",
    );
    expect(m.securityNotice({ ...incident, security: true }, "Status update").text).toMatch(
      /^:lock: INC-42 · SEV-1 security: Status update\. Details are in a private channel/,
    );
  });
});
