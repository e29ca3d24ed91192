import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/db/client.js";
import { createSqliteEscalationStore } from "../../src/adapters/db/sqlite-escalation-store.js";
import { createSqliteStores } from "../../src/adapters/db/sqlite-incident-store.js";
import { slackIncidentMessages } from "../../src/adapters/slack/blocks/incident-messages.js";
import { pageMessage } from "../../src/adapters/slack/blocks/page-message.js";
import type { Deps } from "../../src/app/deps.js";
import { planIncidentEscalation } from "../../src/app/escalation/plan-escalation.js";
import { runEscalationStep } from "../../src/app/escalation/run-escalation-step.js";
import type { EscalationMatrix } from "../../src/domain/escalation/escalation-matrix.js";
import type { Incident } from "../../src/domain/incident/incident.js";
import type { Chat } from "../../src/ports/chat.js";
import type { Logger } from "../../src/ports/logger.js";
import type { PageRequest, PagerResult } from "../../src/ports/pager.js";
import { createTmpDb, type TmpDb } from "../support/tmp-db.js";

/** The use case with the real SQLite stores and in-memory fakes of Slack, PagerDuty and timers. */
const KEY = "k".repeat(32);
const matrix: EscalationMatrix = {
  source: "test",
  targets: {
    primary: {
      id: "primary",
      name: "Primary on-call",
      pagerduty: { routingKey: KEY },
      slack: { users: ["U_PRIMARY"], usergroups: [] },
    },
    cto: { id: "cto", name: "CTO", pagerduty: { routingKey: KEY }, slack: { users: [], usergroups: [] } },
  },
  comms: {},
  services: [],
  businessHours: { days: ["mon"], startMinute: 0, endMinute: 1439, timeZone: "UTC" },
  policies: {
    sev1: {
      steps: [
        { target: "primary", afterMs: 0, until: "resolved" },
        { target: "cto", afterMs: 0, until: "resolved" },
      ],
      businessHoursOnly: false,
    },
    sev2: { steps: [{ target: "primary", afterMs: 0, until: "resolved" }], businessHoursOnly: false },
    sev3: { steps: [], businessHoursOnly: false },
    security: { steps: [], businessHoursOnly: false },
  },
};
const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };

let tmp: TmpDb;
let close: () => void;
let deps: Deps;
let triggers: PageRequest[];
let pagerAnswer: PagerResult;
let posts: Array<{ channel: string; text: string }>;
let dms: string[];

beforeEach(() => {
  tmp = createTmpDb();
  const database = openDatabase(tmp.path);
  close = database.close;
  const clock = { now: () => new Date() };
  const stores = createSqliteStores(database.db, clock);
  triggers = [];
  posts = [];
  dms = [];
  pagerAnswer = { ok: true, attempts: 1 };
  const chat = {
    invite: async () => {},
    post: async (channel: string, m: { text: string }) => {
      posts.push({ channel, text: m.text });
      return { ts: "1" };
    },
    directMessage: async (user: string) => void dms.push(user),
  } as unknown as Chat;
  deps = {
    // Playbooks, roles, drills and on-call are not used by escalation steps.
    ...({} as Pick<Deps, "playbooks" | "roles" | "drills" | "onCall" | "events" | "log" | "messageSource">),
    ...stores,
    incidents: stores.incidents,
    chat,
    clock,
    messages: slackIncidentMessages,
    logger: silent,
    incidentsChannel: "CINCIDENTS",
    matrix,
    escalations: createSqliteEscalationStore(database.db, stores.timeline),
    pager: {
      trigger: async (r) => {
        triggers.push(r);
        return pagerAnswer;
      },
      resolve: async () => ({ ok: true, attempts: 1 }),
    },
    scheduler: {
      scheduleStep: async () => {},
      cancelSteps: async () => {},
      startStatusUpdates: async () => {},
      stopStatusUpdates: async () => {},
    },
    targets: { slackUsersFor: async (t) => t.slack.users },
    templates: { statusUpdate: "", noUpdateNudge: "" },
    pageMessage,
  };
});
afterEach(() => {
  close();
  tmp.remove();
});

function declare(severity: "sev1" | "sev2" = "sev1", drill = false): Incident {
  const created = deps.incidents.create(
    {
      title: "Checkout down",
      description: null,
      severity,
      security: false,
      drill,
      declaredBy: "U_DECLARER",
      declaredAt: new Date(),
    },
    () => ({ kind: "declared", occurredAt: new Date(), actor: "slack:U_DECLARER", text: "Declared" }),
  );
  return deps.incidents.update(created.id, { channelId: "CINC", channelName: "inc-1-checkout-down" }, null);
}
const kinds = (id: number) => deps.timeline.list(id).map((e) => e.kind);

describe("running an escalation step", () => {
  it("reruns after a crash right after PagerDuty took the page: PagerDuty is not paged again, Slack is", async () => {
    const incident = declare("sev2");
    const { steps } = await planIncidentEscalation(deps, incident, incident.declaredAt);
    const step = steps[0]!;
    // What a crash between PagerDuty's 202 (stamped) and the Slack DMs leaves in the database.
    const page = deps.escalations.claimPage({
      incidentId: incident.id,
      target: "primary",
      stepJobId: step.jobId,
      dedupKey: `imoc-inc-${incident.id}-primary`,
      at: new Date(),
    });
    deps.escalations.stampPage(page.id, { pagerdutySentAt: new Date() });

    expect(await runEscalationStep(deps, step.jobId)).toMatchObject({ kind: "paged" });
    expect(triggers).toHaveLength(0);
    expect(dms).toEqual(["U_PRIMARY"]);
    expect(await runEscalationStep(deps, step.jobId)).toMatchObject({ kind: "stale" });
    expect(triggers).toHaveLength(0);
    expect(dms).toEqual(["U_PRIMARY"]);
    expect(kinds(incident.id).filter((k) => k === "page_sent")).toHaveLength(1);
  });

  it("does nothing for a step of a replaced plan", async () => {
    const incident = declare("sev2");
    const first = await planIncidentEscalation(deps, incident, incident.declaredAt);
    await planIncidentEscalation(deps, { ...incident, severity: "sev1" });
    expect(await runEscalationStep(deps, first.steps[0]!.jobId)).toMatchObject({ kind: "stale" });
    expect(triggers).toHaveLength(0);
  });

  it("never pages PagerDuty for a game-day drill: Slack only", async () => {
    const incident = declare("sev2", true);
    const { steps } = await planIncidentEscalation(deps, incident, incident.declaredAt);
    const outcome = await runEscalationStep(deps, steps[0]!.jobId);
    expect(outcome).toMatchObject({
      kind: "paged",
      via: ["drill: PagerDuty not paged", "Slack: <@U_PRIMARY>"],
    });
    expect(triggers).toHaveLength(0);
    expect(dms).toEqual(["U_PRIMARY"]);
  });

  it("a PagerDuty refusal is a visible warning; a target with no other way is recorded as failed", async () => {
    pagerAnswer = {
      ok: false,
      permanent: true,
      code: "http_400",
      message: "Event object is invalid",
      attempts: 1,
    };
    const incident = declare("sev1");
    const { steps } = await planIncidentEscalation(deps, incident, incident.declaredAt);
    const [primary, cto] = [
      steps.find((s) => s.target === "primary")!,
      steps.find((s) => s.target === "cto")!,
    ];
    expect(await runEscalationStep(deps, primary.jobId)).toMatchObject({
      kind: "paged",
      via: ["Slack: <@U_PRIMARY>"],
    });
    expect(await runEscalationStep(deps, cto.jobId)).toMatchObject({ kind: "failed" });
    const lines = posts.filter((p) => p.channel === "CINC").map((p) => p.text);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^:warning: PagerDuty refused the page for CTO \(http_400: Event object is invalid\)/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^:warning: T\+0s: could not page CTO/));
    expect(kinds(incident.id).filter((k) => k === "warning")).toHaveLength(2);
    expect(kinds(incident.id)).toContain("page_failed");
  });
});
