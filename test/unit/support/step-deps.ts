import { openDatabase } from "../../../src/adapters/db/client.js";
import { createSqliteEscalationStore } from "../../../src/adapters/db/sqlite-escalation-store.js";
import { createSqliteStores } from "../../../src/adapters/db/sqlite-incident-store.js";
import { slackAlertMessages } from "../../../src/adapters/slack/blocks/alert-messages.js";
import { slackEscalationMessages } from "../../../src/adapters/slack/blocks/escalation-messages.js";
import { pageMessage } from "../../../src/adapters/slack/blocks/page-message.js";
import type { runEscalationStep } from "../../../src/app/escalation/run-escalation-step.js";
import type { resolveOpenPages, stopEscalation } from "../../../src/app/escalation/stop-escalation.js";
import type { checkAcknowledgement } from "../../../src/app/alerts/unacknowledged.js";
import type { acknowledgeOpenPages } from "../../../src/app/escalation/acknowledge-pages.js";
import type { planIncidentEscalation } from "../../../src/app/escalation/plan-escalation.js";
import type { EscalationMatrix } from "../../../src/domain/escalation/escalation-matrix.js";
import type { Incident } from "../../../src/domain/incident/incident.js";
import type { Chat } from "../../../src/ports/chat.js";
import type { Logger } from "../../../src/ports/logger.js";
import type { PageRequest, PagerResult } from "../../../src/ports/pager.js";
import { createTmpDb } from "../../support/tmp-db.js";
import type { SlackJobDeps } from "../../../src/app/slack-work/run-slack-job.js";
import { inlineOutbox } from "./inline-outbox.js";
import { memoryMetrics, memoryTracer } from "./memory-metrics.js";

const KEY = "k".repeat(32);
/** Primary (PagerDuty and a Slack user) and CTO (PagerDuty only), both at T+0. */
export const STEP_MATRIX: EscalationMatrix = {
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

type StepDeps = Parameters<typeof runEscalationStep>[0] &
  Parameters<typeof planIncidentEscalation>[0] &
  Parameters<typeof stopEscalation>[0] &
  Parameters<typeof resolveOpenPages>[0] &
  Parameters<typeof acknowledgeOpenPages>[0] &
  Parameters<typeof checkAcknowledgement>[0];

/**
 * The escalation use cases on the real SQLite stores (a temp file) with in-memory Slack,
 * PagerDuty and timers. `pager.answer` (and `pager.resolveAnswer`) say what PagerDuty answers next.
 */
export function stepDeps() {
  const tmp = createTmpDb();
  const database = openDatabase(tmp.path);
  const clock = { now: () => new Date() };
  const stores = createSqliteStores(database.db, clock);
  const triggers: PageRequest[] = [];
  const resolves: string[] = [];
  const acks: string[] = [];
  const posts: Array<{ channel: string; text: string }> = [];
  const dms: string[] = [];
  /** Incidents whose resolve job was queued. */
  const resolveJobs: number[] = [];
  /** Incidents whose acknowledge job was queued. */
  const ackJobs: number[] = [];
  const pager: { answer: PagerResult; resolveAnswer: PagerResult; ackAnswer: PagerResult } = {
    answer: { ok: true },
    resolveAnswer: { ok: true },
    ackAnswer: { ok: true },
  };
  const chat = {
    invite: async () => {},
    post: async (channel: string, m: { text: string }) => {
      posts.push({ channel, text: m.text });
      return { ts: "1" };
    },
    directMessage: async (user: string) => void dms.push(user),
  } as unknown as Chat;
  const outbox = inlineOutbox(() => deps as unknown as SlackJobDeps);
  const deps: StepDeps & { chat: Chat } = {
    ...stores,
    chat,
    outbox,
    transaction: (fn) => database.sqlite.transaction(fn)(),
    clock,
    logger: silent,
    metrics: memoryMetrics(),
    tracer: memoryTracer,
    matrix: STEP_MATRIX,
    escalations: createSqliteEscalationStore(database.db, stores.timeline),
    pager: {
      trigger: async (r) => {
        triggers.push(r);
        return pager.answer;
      },
      resolve: async (_key, dedupKey) => {
        resolves.push(dedupKey);
        return pager.resolveAnswer;
      },
      acknowledge: async (_key, dedupKey) => {
        acks.push(dedupKey);
        return pager.ackAnswer;
      },
    },
    scheduler: {
      available: () => true,
      scheduleStep: async () => {},
      cancelSteps: async () => {},
      startStatusUpdates: async () => {},
      stopStatusUpdates: async () => {},
      resolvePages: async (incidentId) => void resolveJobs.push(incidentId),
      restoreStep: async () => false,
      restoreStatusUpdates: async () => false,
      acknowledgePages: async (incidentId) => void ackJobs.push(incidentId),
    },
    targets: { slackUsersFor: async (t) => t.slack.users },
    pageMessage,
    escalationMessages: slackEscalationMessages,
    alertMessages: slackAlertMessages,
  };
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
  return {
    deps,
    pager,
    triggers,
    resolves,
    resolveJobs,
    acks,
    ackJobs,
    posts,
    dms,
    declare,
    outbox,
    /** Timeline event kinds of the incident, in order. */
    kinds: (id: number) => deps.timeline.list(id).map((e) => e.kind),
    /** What was posted in the incident channel. */
    lines: () => posts.filter((p) => p.channel === "CINC").map((p) => p.text),
    close() {
      database.close();
      tmp.remove();
    },
  };
}
