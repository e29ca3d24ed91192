import { openDatabase } from "../../../src/adapters/db/client.js";
import {
  createSqliteAccessLog,
  createSqliteCheckpointStore,
} from "../../../src/adapters/db/sqlite-custody.js";
import { createSqliteEscalationStore } from "../../../src/adapters/db/sqlite-escalation-store.js";
import { createSqliteStores } from "../../../src/adapters/db/sqlite-incident-store.js";
import { slackStatusPageMessages } from "../../../src/adapters/slack/blocks/status-page.js";
import { createSqliteStatusPublications } from "../../../src/adapters/db/sqlite-status-publications.js";
import { createSqliteRoleStores } from "../../../src/adapters/db/sqlite-role-store.js";
import { createSqliteConsoleStore } from "../../../src/adapters/db/sqlite-console-store.js";
import { createSqliteAlertStore } from "../../../src/adapters/db/sqlite-alert-store.js";
import { slackAlertMessages } from "../../../src/adapters/slack/blocks/alert-messages.js";
import { createSqliteInboundRequests } from "../../../src/adapters/db/sqlite-inbound-requests.js";
import { createSqliteTimelineLog } from "../../../src/adapters/db/sqlite-timeline-log.js";
import { slackEscalationMessages } from "../../../src/adapters/slack/blocks/escalation-messages.js";
import { slackIncidentMessages } from "../../../src/adapters/slack/blocks/incident-messages.js";
import { pageMessage } from "../../../src/adapters/slack/blocks/page-message.js";
import type { Deps } from "../../../src/app/deps.js";
import { runEscalationStep } from "../../../src/app/escalation/run-escalation-step.js";
import { resolveOpenPages } from "../../../src/app/escalation/stop-escalation.js";
import { acknowledgeOpenPages } from "../../../src/app/escalation/acknowledge-pages.js";
import { runScheduledStatusUpdate } from "../../../src/app/comms/status-updates.js";
import { createEventBus } from "../../../src/app/events.js";
import { loadMatrix } from "../../../src/config/matrix.js";
import { subscribeReactions } from "../../../src/app/reactions.js";
import type { Chat, ChatMessage } from "../../../src/ports/chat.js";
import type { Logger } from "../../../src/ports/logger.js";
import type { Scheduler } from "../../../src/ports/scheduler.js";
import { createSqliteFollowupStores } from "../../../src/adapters/db/sqlite-followup-store.js";
import { slackFollowupMessages } from "../../../src/adapters/slack/blocks/followup-messages.js";
import { unsignedCustody } from "./custody-stub.js";
import { inlineOutbox } from "./inline-outbox.js";
import { memoryMetrics, memoryTracer } from "./memory-metrics.js";

/** The shipped matrix (the handbook's, in minutes) with its `${NAME}` values filled in. */
export const HANDBOOK_VARS: Record<string, string> = Object.fromEntries(
  [
    "PAGERDUTY_KEY_PRIMARY",
    "PAGERDUTY_KEY_SECONDARY",
    "PAGERDUTY_KEY_INCIDENT_COMMANDER",
    "PAGERDUTY_KEY_ENGINEERING_DIRECTOR",
    "PAGERDUTY_KEY_CTO",
    "PAGERDUTY_KEY_SECURITY",
  ]
    .map((name) => [name, `${name.slice(14).toLowerCase().padEnd(32, "k")}`] as [string, string])
    .concat([
      ["SLACK_GROUP_PRIMARY", "SPRIMARY"],
      ["SLACK_GROUP_SECONDARY", "SSECONDARY"],
      ["SLACK_GROUP_INCIDENT_COMMANDER", "SIC"],
      ["SLACK_GROUP_SECURITY", "SSECURITY"],
      ["SLACK_USER_CTO", "U_CTO"],
      ["SLACK_USER_ENGINEERING_DIRECTOR", "U_DIRECTOR"],
      ["SLACK_USER_LEGAL", "U_LEGAL"],
      ["SLACK_USER_PRODUCT_LEAD", "U_PRODUCT"],
      ["SLACK_CHANNEL_PRODUCT", "CPRODUCT"],
      ["SLACK_CHANNEL_SUPPORT", "CSUPPORT"],
      ["SLACK_CHANNEL_CUSTOMER_SUCCESS", "CCS"],
      ["SLACK_CHANNEL_ALERTS", "CALERTS"],
    ]),
);

/** Which matrix target a routing key of HANDBOOK_VARS belongs to ("primary", "cto", ...). */
export const targetOfKey = (key: string) => key.replace(/k+$/, "");

export interface PagerCall {
  action: "trigger" | "resolve" | "acknowledge";
  target: string;
  dedupKey: string;
  /** Minutes since the world started (T+). */
  minute: number;
}

/**
 * The use cases over real SQLite stores (in memory), the reaction graph of main.ts, a manual
 * clock and an in-memory scheduler: `advance` moves time and runs what fell due, in due order.
 * PagerDuty and Slack are recording fakes.
 */
export function escalationWorld(start = new Date("2026-07-14T10:00:00Z")) {
  let now = start.getTime();
  const clock = { now: () => new Date(now) };
  const database = openDatabase(":memory:");
  const { incidents, timeline } = createSqliteStores(database.db, clock);
  const matrix = loadMatrix("playbooks/escalation-matrix.yaml", HANDBOOK_VARS);
  if (!matrix.ok) throw new Error(matrix.problems.join("\n"));

  const steps = new Map<string, { incidentId: number; dueAt: number }>();
  const updates = new Map<number, { next: number; every: number }>();
  const resolveJobs = new Set<number>();
  const ackJobs = new Set<number>();
  const scheduler: Scheduler = {
    available: () => true,
    async scheduleStep(jobId, incidentId, dueAt) {
      if (!steps.has(jobId)) steps.set(jobId, { incidentId, dueAt: dueAt.getTime() });
    },
    async cancelSteps(jobIds) {
      for (const id of jobIds) steps.delete(id);
    },
    async startStatusUpdates(incidentId, firstAt, everyMs) {
      updates.set(incidentId, { next: firstAt.getTime(), every: everyMs });
    },
    async stopStatusUpdates(incidentId) {
      updates.delete(incidentId);
    },
    async resolvePages(incidentId) {
      resolveJobs.add(incidentId);
    },
    async restoreStep(jobId, incidentId, dueAt) {
      if (steps.has(jobId)) return false;
      steps.set(jobId, { incidentId, dueAt: dueAt.getTime() });
      return true;
    },
    async restoreStatusUpdates(incidentId, firstAt, everyMs) {
      if (updates.has(incidentId)) return false;
      updates.set(incidentId, { next: firstAt.getTime(), every: everyMs });
      return true;
    },
    async acknowledgePages(incidentId) {
      ackJobs.add(incidentId);
    },
  };

  const minute = () => (now - start.getTime()) / 60_000;
  const pages: PagerCall[] = [];
  const posts: Array<{ channel: string; text: string }> = [];
  const dms: Array<{ user: string; message: ChatMessage }> = [];
  let channels = 0;
  const chat: Chat = {
    async createChannel(name) {
      channels++;
      return { ok: true, id: `C${channels}`, name };
    },
    invite: async () => {},
    setTopic: async () => {},
    async post(channel, message) {
      posts.push({ channel, text: message.text });
      return { ts: String(posts.length) };
    },
    update: async () => {},
    permalink: async () => null,
    directMessage: async (user, message) => void dms.push({ user, message }),
    addBookmark: async () => {},
    lookupUserByEmail: async () => null,
    respond: async () => {},
  };
  const outbox = inlineOutbox(() => deps, { inOrder: true });
  const silent: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
  const deps: Deps = {
    clock,
    logger: silent,
    metrics: memoryMetrics(),
    tracer: memoryTracer,
    events: createEventBus({ timeline, clock, logger: silent }),
    incidents,
    timeline,
    log: createSqliteTimelineLog(database.db, clock),
    inbound: createSqliteInboundRequests(database.db, clock),
    consoleStore: createSqliteConsoleStore(database.db),
    publicUrl: () => "http://imoc.test",
    checkpoints: createSqliteCheckpointStore(database.db),
    accessLog: createSqliteAccessLog(database.db),
    custody: unsignedCustody(),
    alerts: createSqliteAlertStore(database.db),
    alertMessages: slackAlertMessages,
    chat,
    outbox,
    transaction: (fn) => database.sqlite.transaction(fn)(),
    messageSource: {
      fetchMessage: async () => null,
      uploadFile: async () => ({ fileId: null }),
      userNames: async () => ({}),
      tell: async () => {},
    },
    messages: slackIncidentMessages,
    escalationMessages: slackEscalationMessages,
    pageMessage,
    incidentsChannel: "CINCIDENTS",
    matrix: matrix.matrix,
    escalations: createSqliteEscalationStore(database.db, timeline),
    pager: {
      async trigger(request) {
        pages.push({
          action: "trigger",
          target: targetOfKey(request.routingKey),
          dedupKey: request.dedupKey,
          minute: minute(),
        });
        return { ok: true };
      },
      async resolve(routingKey, dedupKey) {
        pages.push({ action: "resolve", target: targetOfKey(routingKey), dedupKey, minute: minute() });
        return { ok: true };
      },
      async acknowledge(routingKey, dedupKey) {
        pages.push({ action: "acknowledge", target: targetOfKey(routingKey), dedupKey, minute: minute() });
        return { ok: true };
      },
    },
    scheduler,
    // User groups stand for their one member: SPRIMARY → U_SPRIMARY.
    targets: {
      slackUsersFor: async (target) => [
        ...target.slack.users,
        ...target.slack.usergroups.map((g) => `U_${g}`),
      ],
    },
    templates: {
      statusUpdate: "{{incident}} {{status}}",
      noUpdateNudge: "nobody wrote an update",
      commsDeclared: "{{incident}} {{why}}",
      commsAllClear: "{{incident}} all clear after {{duration}}",
    },
    playbooks: { all: () => [], get: () => null, url: (id) => `http://imoc.test/playbooks/${id}` },
    ...createSqliteRoleStores(database.db, timeline),
    statusPublications: createSqliteStatusPublications(database.db, timeline),
    statusPageMessages: slackStatusPageMessages,
    statusPageUrl: () => "http://imoc.test/status",
    ...createSqliteFollowupStores(database.db),
    reviewReminders: { schedule: async () => {}, restore: async () => false, cancel: async () => {} },
    followupMessages: slackFollowupMessages,
    followupSettings: { zone: "UTC", playbookReviewDelayMs: 48 * 3_600_000 },
    onCall: {
      targets: () => [],
      whoIsOnCall: async (t) => ({ kind: "unknown-target", target: t, known: [] }),
      slackUsersFor: async () => [],
    },
  };
  subscribeReactions(deps);

  /** Moves the clock by `minutes`, running every step and status update that falls due, in order. */
  async function advance(minutes: number): Promise<void> {
    const until = now + minutes * 60_000;
    for (;;) {
      await outbox.idle();
      for (const incidentId of resolveJobs) {
        resolveJobs.delete(incidentId);
        await resolveOpenPages(deps, incidentId);
      }
      for (const incidentId of ackJobs) {
        ackJobs.delete(incidentId);
        await acknowledgeOpenPages(deps, incidentId);
      }
      const step = [...steps.entries()].sort((a, b) => a[1].dueAt - b[1].dueAt)[0];
      const update = [...updates.entries()].sort((a, b) => a[1].next - b[1].next)[0];
      const stepDue = step && step[1].dueAt <= until ? step[1].dueAt : Number.POSITIVE_INFINITY;
      const updateDue = update && update[1].next <= until ? update[1].next : Number.POSITIVE_INFINITY;
      if (stepDue === Number.POSITIVE_INFINITY && updateDue === Number.POSITIVE_INFINITY) break;
      if (stepDue <= updateDue && step) {
        now = Math.max(now, stepDue);
        steps.delete(step[0]);
        await runEscalationStep(deps, step[0]);
      } else if (update) {
        now = Math.max(now, updateDue);
        update[1].next += update[1].every;
        await runScheduledStatusUpdate(deps, update[0]);
      }
    }
    await outbox.idle();
    now = until;
  }

  return {
    deps,
    pages,
    posts,
    dms,
    /** Step and resolve jobs still waiting in the scheduler. */
    pendingJobs: () => [
      ...steps.keys(),
      ...[...resolveJobs].map((id) => `inc-${id}-resolve-pages`),
      ...[...ackJobs].map((id) => `inc-${id}-acknowledge-pages`),
    ],
    statusUpdatesRunning: (incidentId: number) => updates.has(incidentId),
    /** Redis restarted empty: every timer is gone (the record keeps the plan). */
    loseSchedule() {
      steps.clear();
      updates.clear();
      resolveJobs.clear();
    },
    advance,
    /** Runs a step job again, as a redelivered or retried job would. */
    rerun: (jobId: string) => runEscalationStep(deps, jobId),
    close: () => database.close(),
  };
}
