import type { Incident } from "../incident/incident.js";
import type { ReviewCustody } from "./review-custody.js";
import { GENESIS_HASH } from "../timeline/timeline-chain.js";
import type { Actor, TimelineEvent } from "../timeline/timeline-event.js";
import { buildTimelineView, type TimelineEntry } from "../timeline/timeline-view.js";

/** A post-incident review pulled from the IMOC log; presenters render it as Markdown or JSON. */
export interface Review {
  incident: Incident;
  generatedAt: Date;
  keyTimes: KeyTimes;
  durations: Array<{ label: string; from: keyof KeyTimes; to: keyof KeyTimes; ms: number }>;
  responders: Array<{ actor: Actor; roles: string[]; firstSeen: Date }>;
  escalation: Array<{
    at: Date;
    what: EscalationStep;
    target: string;
    actor: Actor;
    text: string;
    seq: number;
  }>;
  statusUpdates: TimelineEntry[];
  followUps: TimelineEntry[];
  /** Follow-ups recorded with `/incident followup` (owner, due day, done or not), in order. */
  actionItems: ActionItem[];
  timeline: TimelineEntry[];
  events: readonly TimelineEvent[];
  /**
   * The head of the hash chain as stored: quoting it elsewhere (ticket, e-mail) anchors the log.
   * Recomputing the chain is `verify`'s job, kept out of exports so they stay fast.
   */
  chain: { count: number; headHash: string };
  /** Slack user id → display name, when the caller could look them up. */
  people: Record<string, string>;
  /** Checkpoints, evidence and access log (chain of custody), when the caller has them. */
  custody?: ReviewCustody;
}

export interface ActionItem {
  id: number;
  text: string;
  owner: string;
  dueOn: string | null;
  status: "open" | "done";
  doneAt: Date | null;
  doneBy: Actor | null;
  seq: number;
}

/** The action items, from their `followup_added` / `followup_done` events. */
function actionItemsOf(events: readonly TimelineEvent[]): ActionItem[] {
  const items = new Map<number, ActionItem>();
  for (const e of events) {
    const id = Number(e.data.followupId);
    if (e.kind === "followup_added" && Number.isInteger(id))
      items.set(id, {
        id,
        text: str(e.data.text) ?? e.text,
        owner: str(e.data.owner) ?? "",
        dueOn: str(e.data.dueOn),
        status: "open",
        doneAt: null,
        doneBy: null,
        seq: e.seq,
      });
    const item = items.get(id);
    if (e.kind === "followup_done" && item)
      Object.assign(item, { status: "done", doneAt: e.occurredAt, doneBy: e.actor });
  }
  return [...items.values()];
}

export interface KeyTimes {
  detected: Date | null;
  declared: Date;
  acknowledged: Date | null;
  mitigated: Date | null;
  resolved: Date | null;
}

export type EscalationStep = "paged" | "acknowledged" | "skipped" | "failed" | "resolved";
const ESCALATION: Record<string, EscalationStep> = {
  page_sent: "paged",
  page_acknowledged: "acknowledged",
  page_skipped: "skipped",
  page_failed: "failed",
  page_resolved: "resolved",
  // Whoever acknowledged the incident itself (Slack button, /incident ack, PagerDuty) answered
  // the pages: the escalation log shows who acknowledged when.
  acknowledged: "acknowledged",
};

/** Notes (or recorded messages) that start like this are the review's follow-ups. */
const FOLLOW_UP = /^\s*(follow[- ]?up|todo|action item|ai)\s*[:-]/i;

const DURATIONS: Array<[string, keyof KeyTimes, keyof KeyTimes]> = [
  ["detection to declaration", "detected", "declared"],
  ["time to acknowledge", "declared", "acknowledged"],
  ["time to mitigate", "declared", "mitigated"],
  ["time to resolve", "declared", "resolved"],
  ["acknowledged to mitigated", "acknowledged", "mitigated"],
  ["mitigated to resolved", "mitigated", "resolved"],
];

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);

export function buildReview(
  incident: Incident,
  events: readonly TimelineEvent[],
  now: Date,
  headHash: string | null = events.at(-1)?.hash ?? null,
  people: Record<string, string> = {},
): Review {
  const timeline = buildTimelineView(events);
  // Key times follow corrected timeline entries, so a corrected acknowledgement moves MTTA too.
  const firstOf = (kind: string) => timeline.find((e) => e.kind === kind)?.occurredAt ?? null;
  const declaredEntry = timeline.find((e) => e.kind === "declared");
  const detectedRaw = str(declaredEntry?.data.detectedAt);
  const keyTimes: KeyTimes = {
    detected: detectedRaw && !Number.isNaN(Date.parse(detectedRaw)) ? new Date(detectedRaw) : null,
    declared: declaredEntry?.occurredAt ?? incident.declaredAt,
    acknowledged: firstOf("acknowledged") ?? incident.acknowledgedAt,
    mitigated: firstOf("mitigated") ?? incident.mitigatedAt,
    resolved: firstOf("resolved") ?? incident.resolvedAt,
  };
  const durations = DURATIONS.flatMap(([label, from, to]) => {
    const a = keyTimes[from];
    const b = keyTimes[to];
    return a && b ? [{ label, from, to, ms: b.getTime() - a.getTime() }] : [];
  });

  const responders = new Map<Actor, { actor: Actor; roles: string[]; firstSeen: Date }>();
  const responder = (actor: Actor, at: Date) => {
    const known = responders.get(actor) ?? { actor, roles: [], firstSeen: at };
    if (at < known.firstSeen) known.firstSeen = at;
    responders.set(actor, known);
    return known;
  };
  for (const entry of timeline) {
    if (entry.actor.startsWith("slack:") || entry.actor.startsWith("pagerduty:"))
      responder(entry.actor, entry.occurredAt);
    if (entry.kind === "role_assigned") {
      const user = str(entry.data.userId) ?? str(entry.data.user) ?? str(entry.data.assignee);
      const role = str(entry.data.role) ?? str(entry.data.roleLabel) ?? "role";
      const who = user ? (user.includes(":") ? user : `slack:${user}`) : entry.actor;
      const r = responder(who, entry.occurredAt);
      if (!r.roles.includes(role)) r.roles.push(role);
    }
  }
  if (incident.commander) {
    const ic = responder(`slack:${incident.commander}`, keyTimes.declared);
    if (!ic.roles.some((r) => /commander/i.test(r))) ic.roles.push("incident commander");
  }
  const declarer = responder(`slack:${incident.declaredBy}`, keyTimes.declared);
  if (!declarer.roles.includes("declarer")) declarer.roles.push("declarer");

  const escalation = timeline.flatMap((e) => {
    const what = ESCALATION[e.kind];
    if (!what) return [];
    // Page events keep the matrix target key in data.target and the person's name in the text.
    const target =
      e.kind === "acknowledged"
        ? "incident"
        : (str(e.data.targetLabel) ?? str(e.data.targetName) ?? str(e.data.target) ?? e.text);
    return [{ at: e.occurredAt, what, target, actor: e.actor, text: e.text, seq: e.seq }];
  });

  return {
    incident,
    generatedAt: now,
    keyTimes,
    durations,
    responders: [...responders.values()].sort((a, b) => a.firstSeen.getTime() - b.firstSeen.getTime()),
    escalation,
    statusUpdates: timeline.filter((e) => e.kind === "status_update"),
    followUps: timeline.filter(
      (e) => (e.kind === "note" || e.kind === "message_recorded") && !e.deleted && FOLLOW_UP.test(e.text),
    ),
    actionItems: actionItemsOf(events),
    timeline,
    events,
    chain: { count: events.length, headHash: headHash || GENESIS_HASH },
    people,
  };
}

/** Slack user ids a review mentions (actors, commander, declarer, role holders). */
export function slackUsersIn(incident: Incident, events: readonly TimelineEvent[]): string[] {
  const ids = new Set<string>([incident.declaredBy]);
  if (incident.commander) ids.add(incident.commander);
  for (const e of events) {
    if (e.actor.startsWith("slack:")) ids.add(e.actor.slice(6));
    const user = str(e.data.userId) ?? str(e.data.user);
    if (e.kind === "role_assigned" && user) ids.add(user.replace(/^slack:/, ""));
    if (e.text.includes("<@")) for (const m of e.text.matchAll(/<@([UW][A-Z0-9_]+)/g)) ids.add(m[1]!);
  }
  return [...ids];
}
