import type { ActionsBlock, KnownBlock, PlainTextOption } from "@slack/types";
import { type Incident, incidentRef } from "../../../domain/incident/incident.js";
import { severityLabel } from "../../../domain/incident/severity.js";
import { formatDuration } from "../../../domain/time/duration.js";
import type { AlertGroup, AlertStorm } from "../../../ports/alert-store.js";
import type { AlertMessages, AlertPlaybookLink } from "../../../ports/alert-messages.js";
import type { ChatMessage } from "../../../ports/chat.js";
import { button, clip, context, neutralised, plain, section } from "./parts.js";

/** Action ids of the alert buttons (listeners/actions/alert-*.ts). */
export const ALERT_ACTIONS = {
  declare: "alert_declare",
  attach: "alert_attach",
  dismiss: "alert_dismiss",
  actionable: "alert_actionable",
  noise: "alert_noise",
} as const;

/** What a triage button acts on: one group, or every group of a storm. */
export const groupSubject = (id: number) => `group-${id}`;
export const stormSubject = (id: number) => `storm-${id}`;
export const incidentSubject = (id: number) => `incident-${id}`;

const SOURCES = { alertmanager: "Alertmanager", pagerduty: "PagerDuty" } as const;
const severityText = (s: AlertGroup["severity"]) => (s === "security" ? "Security" : severityLabel(s, false));
const link = (url: string | null, text: string) => (url ? `<${url}|${plain(text)}>` : plain(text));
const playbookText = (p: AlertPlaybookLink | null) =>
  p ? `:book: Playbook: <${p.url}|${plain(p.title)}>` : ":warning: No playbook answers this alert";

/** Actionable / Noise: one answer per person, changeable (the last click counts). */
export function feedbackButtons(subject: string, blockId = "alert_feedback"): ActionsBlock {
  return {
    type: "actions",
    block_id: blockId,
    elements: [
      button("Actionable", ALERT_ACTIONS.actionable, subject),
      button("Noise", ALERT_ACTIONS.noise, subject),
    ],
  };
}

function outcome(group: AlertGroup): string | null {
  if (group.incidentId !== null) return `:white_check_mark: Now ${incidentRef({ id: group.incidentId })}`;
  if (group.dismissedAt) return `:no_entry_sign: Dismissed by <@${group.dismissedBy}>`;
  return null;
}

/** A security alert is declared (a private security incident) or dismissed, never attached to a public one. */
function triageButtons(subject: string, open: readonly Incident[], security = false): ActionsBlock {
  const options: PlainTextOption[] = open.map((i) => ({
    text: { type: "plain_text", text: clip(`${incidentRef(i)} ${i.title}`, 75), emoji: true },
    value: `${subject}:${i.id}`,
  }));
  return {
    type: "actions",
    block_id: "alert_triage",
    elements: [
      button("Declare", ALERT_ACTIONS.declare, subject, "primary"),
      ...(options.length && !security
        ? [
            {
              type: "static_select" as const,
              action_id: ALERT_ACTIONS.attach,
              placeholder: { type: "plain_text" as const, text: "Attach to INC-n", emoji: true },
              options,
            },
          ]
        : []),
      button("Dismiss", ALERT_ACTIONS.dismiss, subject, "danger"),
    ],
  };
}

function status(group: AlertGroup): string {
  const state = group.status === "resolved" ? ":large_green_circle: resolved" : ":red_circle: firing";
  return `${state} · received ${group.count}× · last ${group.lastSeen.toISOString().slice(11, 19)} UTC`;
}

const hms = (d: Date) => `${d.toISOString().slice(11, 19)} UTC`;
const routeText = (group: AlertGroup) => (group.route ? `route ${plain(group.route)}` : "no route");

/** A security alert in a channel that is not its private one: that it arrived, nothing of what it says. */
function redactedTriage(group: AlertGroup, open: readonly Incident[]): ChatMessage {
  const head = `:lock: *Security alert* from ${SOURCES[group.source]} (${routeText(group)}). Its details are withheld in this channel; *Declare* opens a private security incident that has them.`;
  const state = group.status === "resolved" ? ":large_green_circle: resolved" : ":red_circle: firing";
  const done = outcome(group);
  const blocks: KnownBlock[] = [
    section(head),
    context(
      `${state} · received ${group.count}× · first ${hms(group.firstSeen)} · last ${hms(group.lastSeen)}`,
    ),
    ...(done ? [section(done)] : [triageButtons(groupSubject(group.id), open, true)]),
    feedbackButtons(groupSubject(group.id)),
  ];
  return { text: `Security alert (${routeText(group)}, ${group.count}×)${done ? ` · ${done}` : ""}`, blocks };
}

function triage(
  group: AlertGroup,
  playbook: AlertPlaybookLink | null,
  open: readonly Incident[],
  redacted = false,
): ChatMessage {
  if (redacted) return redactedTriage(group, open);
  const head = `:bell: *${plain(group.alertname)}* (${severityText(group.severity)}) from ${SOURCES[group.source]}: ${link(group.link, group.title)}`;
  const route = group.route
    ? `Route ${plain(group.route)}`
    : "No route matched this alert; it waits here for someone to triage it";
  const done = outcome(group);
  const blocks: KnownBlock[] = [
    section(head),
    context(`${status(group)} · ${route}`),
    section(playbookText(playbook)),
    ...(done
      ? [section(done)]
      : [triageButtons(groupSubject(group.id), open, group.severity === "security")]),
    feedbackButtons(groupSubject(group.id)),
  ];
  return { text: `${group.alertname}: ${group.title} (${group.count}×)${done ? ` · ${done}` : ""}`, blocks };
}

function storm(s: AlertStorm, groups: readonly AlertGroup[], open: readonly Incident[]): ChatMessage {
  const pending = groups.filter((g) => g.incidentId === null && !g.dismissedAt);
  const lines = groups
    .slice(0, 40)
    .map(
      (g) =>
        `• ${g.severity === "security" ? `:lock: Security alert (${routeText(g)}), details withheld` : `${plain(g.alertname)} · ${plain(clip(g.title, 80))}`} (${g.count}×)${outcome(g) ? ` ${outcome(g)}` : ""}`,
    );
  const more = groups.length > 40 ? [`… and ${groups.length - 40} more`] : [];
  const head = `:cloud_with_lightning: *Alert storm*: ${groups.length} new alert groups since ${s.startedAt.toISOString().slice(11, 19)} UTC. Triage them here, not as dozens of incidents.`;
  return {
    text: `Alert storm: ${groups.length} alert groups`,
    blocks: [
      section(head),
      section(clip([...lines, ...more].join("\n"), 2900)),
      ...(pending.length
        ? [
            triageButtons(
              stormSubject(s.id),
              open,
              pending.some((g) => g.severity === "security"),
            ),
          ]
        : []),
    ],
  };
}

function received(group: AlertGroup, playbook: AlertPlaybookLink | null): ChatMessage {
  const text = `:bell: Alert *${plain(group.alertname)}* from ${SOURCES[group.source]}: ${link(group.link, group.title)}\n${playbookText(playbook)}`;
  return { text, blocks: [section(text), feedbackButtons(groupSubject(group.id))] };
}

function receivedMany(groups: readonly AlertGroup[]): ChatMessage {
  const names = [...new Set(groups.map((g) => g.alertname))].slice(0, 20).map(plain).join(", ");
  const text = `:bell: ${groups.length} alert groups joined this incident (${names}); each is in the IMOC log.`;
  return { text, blocks: [section(text)] };
}

function resolved(group: AlertGroup): ChatMessage {
  const text = `:large_green_circle: Alert ${plain(group.alertname)} resolved; the incident stays open until someone resolves it.`;
  return { text, blocks: [section(text)] };
}

function unacknowledged(incident: Incident, paged: readonly string[], afterMs: number): ChatMessage {
  const who = paged.length ? paged.map(plain).join(", ") : "nobody yet";
  const text = `:hourglass: ${incidentRef(incident)} (${severityLabel(incident.severity, incident.security)}) is not acknowledged ${formatDuration(afterMs)} after its first page. Paged: ${who}.`;
  return { text, blocks: [section(text)] };
}

export const slackAlertMessages: AlertMessages = neutralised({
  triage,
  storm,
  received,
  receivedMany,
  resolved,
  unacknowledged,
});
