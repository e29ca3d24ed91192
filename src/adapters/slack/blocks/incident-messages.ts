import { formatDuration } from "../../../domain/time/duration.js";
import { type Incident, incidentRef, STATUS_LABELS } from "../../../domain/incident/incident.js";
import { SEVERITY_MEANINGS, severityLabel } from "../../../domain/incident/severity.js";
import type { TimelineEvent } from "../../../domain/timeline/timeline-event.js";
import type { Block, ChatMessage } from "../../../ports/chat.js";
import type { IncidentMessages } from "../../../ports/incident-messages.js";

/** Action ids of the buttons on the intro message; listeners/actions registers one per id. */
export const ACTIONS = {
  acknowledge: "incident_acknowledge",
  postUpdate: "incident_post_update",
  resolve: "incident_resolve",
} as const;

const user = (id: string | null) => (id ? `<@${id}>` : "unassigned");
const channel = (incident: Incident) => (incident.channelId ? `<#${incident.channelId}>` : "(no channel)");
const section = (text: string): Block => ({ type: "section", text: { type: "mrkdwn", text } });
const context = (text: string): Block => ({ type: "context", elements: [{ type: "mrkdwn", text }] });
const heading = (incident: Incident) =>
  `${incident.drill ? "DRILL · " : ""}${incidentRef(incident)} · ${severityLabel(incident.severity, incident.security)} · ${incident.title}`;

function button(text: string, actionId: string, incident: Incident, style?: "primary" | "danger"): Block {
  return {
    type: "button",
    text: { type: "plain_text", text, emoji: true },
    action_id: actionId,
    value: String(incident.id),
    ...(style ? { style } : {}),
  };
}

export function introMessage(incident: Incident): ChatMessage {
  const fields = [
    `*Severity*\n${severityLabel(incident.severity, incident.security)} (${SEVERITY_MEANINGS[incident.severity]})`,
    `*Status*\n${STATUS_LABELS[incident.status]}`,
    `*Declared by*\n${user(incident.declaredBy)}`,
    `*Commander*\n${user(incident.commander)}`,
  ];
  const blocks: Block[] = [
    { type: "header", text: { type: "plain_text", text: heading(incident).slice(0, 150), emoji: true } },
    ...(incident.description ? [section(incident.description)] : []),
    { type: "section", fields: fields.map((text) => ({ type: "mrkdwn", text })) },
    {
      type: "actions",
      block_id: "incident_actions",
      elements: [
        button("Acknowledge", ACTIONS.acknowledge, incident, "primary"),
        button("Post update", ACTIONS.postUpdate, incident),
        button("Resolve", ACTIONS.resolve, incident, "danger"),
      ],
    },
    ...(incident.drill
      ? [
          context(
            ":test_tube: *This is a game-day DRILL.* Pages go to Slack DMs only, never PagerDuty; it stays out of reports. Run the playbook as if it were real.",
          ),
        ]
      : []),
    context("Everything in this channel can go to the IMOC log. Type `/incident help` for commands."),
  ];
  return { text: `${heading(incident)} declared by ${user(incident.declaredBy)}`, blocks };
}

export function announcementMessage(incident: Incident): ChatMessage {
  if (incident.security) {
    // The title of a security incident can itself be sensitive; its channel is private.
    const text = `:lock: ${incidentRef(incident)} · ${severityLabel(incident.severity, true)} declared by ${user(incident.declaredBy)}. Details are in a private channel; ask the declarer or the security duty officer for access.`;
    return { text, blocks: [section(text)] };
  }
  const text = `:rotating_light: ${heading(incident)} declared by ${user(incident.declaredBy)}. Join ${channel(incident)}.`;
  return { text, blocks: [section(text)] };
}

const STATUS_EMOJI: Record<Incident["status"], string> = {
  declared: ":rotating_light:",
  acknowledged: ":eyes:",
  mitigated: ":adhesive_bandage:",
  resolved: ":white_check_mark:",
};

export function statusChangedMessage(incident: Incident, actorUserId: string | null): ChatMessage {
  const by = actorUserId ? ` by ${user(actorUserId)}` : "";
  const summary =
    incident.status === "resolved" && incident.resolutionSummary ? `\n>${incident.resolutionSummary}` : "";
  const text = `${STATUS_EMOJI[incident.status]} ${incidentRef(incident)} ${STATUS_LABELS[incident.status].toLowerCase()}${by}.${summary}`;
  return { text, blocks: [section(text)] };
}

export function severityChangedMessage(
  incident: Incident,
  from: Incident["severity"],
  actorUserId: string | null,
): ChatMessage {
  const by = actorUserId ? ` by ${user(actorUserId)}` : "";
  const text = `:arrows_counterclockwise: Severity changed from ${severityLabel(from)} to ${severityLabel(incident.severity)}${by}.`;
  return { text, blocks: [section(text)] };
}

export function noteMessage(_incident: Incident, event: TimelineEvent): ChatMessage {
  const who = event.actor.startsWith("slack:") ? user(event.actor.slice(6)) : event.actor;
  const text = `:memo: Note from ${who} (log #${event.seq}): ${event.text}`;
  return { text, blocks: [section(text)] };
}

export function statusSummaryMessage(incident: Incident, now: Date): ChatMessage {
  const since = (d: Date | null) =>
    d
      ? `${d.toISOString()} (${formatDuration(d.getTime() - incident.declaredAt.getTime())} after declaration)`
      : "—";
  const lines = [
    `*${heading(incident)}*`,
    `Status: *${STATUS_LABELS[incident.status]}* · open for ${formatDuration((incident.resolvedAt ?? now).getTime() - incident.declaredAt.getTime())}`,
    `Commander: ${user(incident.commander)} · Declared by ${user(incident.declaredBy)} · Channel ${channel(incident)}`,
    `Declared: ${incident.declaredAt.toISOString()}`,
    `Acknowledged: ${since(incident.acknowledgedAt)}`,
    `Mitigated: ${since(incident.mitigatedAt)}`,
    `Resolved: ${since(incident.resolvedAt)}`,
  ];
  const text = lines.join("\n");
  return { text, blocks: [section(text)] };
}

export const slackIncidentMessages: IncidentMessages = {
  intro: introMessage,
  announcement: announcementMessage,
  statusChanged: statusChangedMessage,
  severityChanged: severityChangedMessage,
  note: noteMessage,
  statusSummary: statusSummaryMessage,
};
