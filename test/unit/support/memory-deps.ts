import { slackIncidentMessages } from "../../../src/adapters/slack/blocks/incident-messages.js";
import type { Deps } from "../../../src/app/deps.js";
import { createEventBus } from "../../../src/app/events.js";
import type { Incident } from "../../../src/domain/incident/incident.js";
import type { Playbook } from "../../../src/domain/playbooks/playbook.js";
import type { TimelineEvent } from "../../../src/domain/timeline/timeline-event.js";
import type { SlackJobDeps } from "../../../src/app/slack-work/run-slack-job.js";
import type { Chat, ChatMessage } from "../../../src/ports/chat.js";
import { inlineOutbox } from "./inline-outbox.js";
import type { IncidentStore, Timeline } from "../../../src/ports/incident-store.js";
import type { DrillRecord, RoleAssignment } from "../../../src/ports/role-store.js";

/** In-memory fakes of the ports the playbook, role and drill use cases need, with a settable clock. */
export function memoryDeps(playbooks: Playbook[] = []) {
  let now = new Date("2026-11-25T10:00:00Z");
  const incidents = new Map<number, Incident>();
  const events: TimelineEvent[] = [];
  const posts: Array<{ channel: string; message: ChatMessage }> = [];
  const dms: Array<{ user: string; message: ChatMessage }> = [];
  const bookmarks: Array<{ channel: string; title: string; link: string }> = [];
  const roles: RoleAssignment[] = [];
  const drills: DrillRecord[] = [];
  const failing = new Set<string>();

  const timeline: Timeline = {
    append(e) {
      const event = {
        ...e,
        id: events.length + 1,
        seq: events.filter((x) => x.incidentId === e.incidentId).length + 1,
        recordedAt: now,
        data: e.data ?? {},
      };
      events.push(event);
      return event;
    },
    list: (id) => events.filter((e) => e.incidentId === id),
  };
  const store: IncidentStore = {
    create(input, event) {
      const incident: Incident = {
        id: incidents.size + 1,
        title: input.title,
        description: input.description,
        severity: input.severity,
        security: input.security,
        drill: input.drill ?? false,
        service: input.service ?? null,
        status: "declared",
        channelId: `C${incidents.size + 1}`,
        channelName: null,
        declaredBy: input.declaredBy,
        commander: null,
        declaredAt: input.declaredAt,
        acknowledgedAt: null,
        mitigatedAt: null,
        resolvedAt: null,
        resolutionSummary: null,
      };
      incidents.set(incident.id, incident);
      timeline.append({ ...event(incident), incidentId: incident.id });
      return incident;
    },
    get: (id) => incidents.get(id) ?? null,
    findByChannel: (c) => [...incidents.values()].find((i) => i.channelId === c) ?? null,
    update(id, patch, event) {
      const updated = { ...(incidents.get(id) as Incident), ...patch };
      incidents.set(id, updated);
      if (event) timeline.append({ ...event, incidentId: id });
      return updated;
    },
    updateWith(id, decide) {
      const current = incidents.get(id);
      const change = current ? decide(current) : null;
      return change ? store.update(id, change.patch, change.event) : null;
    },
    list: () => [...incidents.values()],
    countBySeverityAndStatus: () => {
      const counts = new Map<string, ReturnType<IncidentStore["countBySeverityAndStatus"]>[number]>();
      for (const { severity, status, drill } of incidents.values()) {
        if (drill) continue;
        const row = counts.get(`${severity}/${status}`) ?? { severity, status, count: 0 };
        counts.set(`${severity}/${status}`, { ...row, count: row.count + 1 });
      }
      return [...counts.values()];
    },
    countOpen: () => {
      const open = [...incidents.values()].filter((i) => i.status !== "resolved");
      const keys = new Set(open.map((i) => `${i.severity}/${i.drill}`));
      return [...keys].map((key) => {
        const [severity, drill] = key.split("/") as [Incident["severity"], string];
        const count = open.filter((i) => i.severity === severity && String(i.drill) === drill).length;
        return { severity, drill: drill === "true", count };
      });
    },
  };
  const fail = (method: string) => {
    if (failing.has(method)) throw new Error(`${method} failed`);
  };
  const chat: Chat = {
    createChannel: async (name) => ({ ok: true, id: `C-${name}`, name }),
    invite: async () => fail("invite"),
    setTopic: async () => fail("setTopic"),
    async post(channel, message) {
      fail("post");
      posts.push({ channel, message });
      return { ts: String(posts.length) };
    },
    update: async () => {},
    permalink: async () => null,
    async directMessage(user, message) {
      fail("directMessage");
      dms.push({ user, message });
    },
    async addBookmark(channel, b) {
      fail("addBookmark");
      bookmarks.push({ channel, ...b });
    },
    lookupUserByEmail: async () => null,
    respond: async () => {},
  };
  const outbox = inlineOutbox(() => deps as unknown as SlackJobDeps);
  const silent = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent };
  // Only what the playbook, role and drill use cases touch; the messages are the real Slack ones.
  const deps: Pick<
    Deps,
    | "events"
    | "incidents"
    | "timeline"
    | "chat"
    | "outbox"
    | "transaction"
    | "clock"
    | "messages"
    | "logger"
    | "playbooks"
    | "roles"
    | "drills"
  > = {
    events: createEventBus({ timeline, clock: { now: () => now }, logger: silent }),
    incidents: store,
    timeline,
    chat,
    outbox,
    transaction: (fn) => fn(),
    clock: { now: () => now },
    messages: slackIncidentMessages,
    logger: silent,
    playbooks: {
      all: () => playbooks,
      get: (id) => playbooks.find((p) => p.id === id) ?? null,
      url: (id) => `https://imoc.example.com/playbooks/${id}`,
    },
    roles: {
      assign(a, event) {
        const i = roles.findIndex((r) => r.incidentId === a.incidentId && r.role === a.role);
        if (i >= 0) roles.splice(i, 1);
        roles.push(a);
        timeline.append({ ...event, incidentId: a.incidentId });
      },
      list: (id) => roles.filter((r) => r.incidentId === id),
    },
    drills: {
      record: (records) => void drills.push(...records),
      lastDrilled: (id) =>
        drills
          .filter((d) => d.playbookId === id)
          .reduce<Date | null>((a, d) => (!a || d.drilledAt > a ? d.drilledAt : a), null),
    },
  };
  return {
    deps,
    posts,
    dms,
    bookmarks,
    events,
    drills,
    failing,
    at: (iso: string) => {
      now = new Date(iso);
    },
  };
}
