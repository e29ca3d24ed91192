import type { KnownBlock } from "@slack/types";
import { type Incident, incidentRef, STATUS_LABELS } from "../../../domain/incident/incident.js";
import { SEVERITY_MEANINGS, severityLabel } from "../../../domain/incident/severity.js";
import type { TimelineEvent } from "../../../domain/timeline/timeline-event.js";
import type { ChatMessage } from "../../../ports/chat.js";
import type { IncidentMessages } from "../../../ports/incident-messages.js";
import { declaredReply } from "./incident-replies.js";
import { weeklyReviewText } from "./weekly-review-message.js";
import { drillReportMessage } from "./drill-report-message.js";
import { noPlaybookMatchesMessage, playbookMessage } from "./playbook-message.js";
import { button, byUser, context, neutralised, section, sectionMessage, userRef } from "./parts.js";
import { roleAssignedMessage, roleBriefingMessage } from "./role-messages.js";

/** Action ids of the buttons on the intro message; listeners/actions registers one per id. */
export const ACTIONS = {
  acknowledge: "incident_acknowledge",
  postUpdate: "incident_post_update",
  resolve: "incident_resolve",
} as const;
export const INTRO_ACTIONS_BLOCK = "incident_actions";

export const channelRef = (incident: Incident) =>
  incident.channelId ? `<#${incident.channelId}>` : "(no channel)";
export const heading = (incident: Incident) =>
  `${incident.drill ? "DRILL · " : ""}${incidentRef(incident)} · ${severityLabel(incident.severity, incident.security)} · ${incident.title}`;

export function introMessage(incident: Incident): ChatMessage {
  const fields = [
    `*Severity*\n${severityLabel(incident.severity, incident.security)} (${SEVERITY_MEANINGS[incident.severity]})`,
    `*Status*\n${STATUS_LABELS[incident.status]}`,
    `*Declared by*\n${userRef(incident.declaredBy)}`,
    `*Commander*\n${userRef(incident.commander)}`,
  ];
  const id = String(incident.id);
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: heading(incident).slice(0, 150), emoji: true } },
    ...(incident.description ? [section(incident.description)] : []),
    { type: "section", fields: fields.map((text) => ({ type: "mrkdwn" as const, text })) },
    {
      type: "actions",
      block_id: INTRO_ACTIONS_BLOCK,
      elements: [
        button("Acknowledge", ACTIONS.acknowledge, id, "primary"),
        button("Post update", ACTIONS.postUpdate, id),
        button("Resolve", ACTIONS.resolve, id, "danger"),
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
  return { text: `${heading(incident)} declared by ${userRef(incident.declaredBy)}`, blocks };
}

export function announcementMessage(incident: Incident): ChatMessage {
  if (incident.security) {
    // The title of a security incident can itself be sensitive; its channel is private.
    return sectionMessage(
      `:lock: ${incidentRef(incident)} · ${severityLabel(incident.severity, true)} declared by ${userRef(incident.declaredBy)}. Details are in a private channel; ask the declarer or the security duty officer for access.`,
    );
  }
  return sectionMessage(
    `:rotating_light: ${heading(incident)} declared by ${userRef(incident.declaredBy)}. Join ${channelRef(incident)}.`,
  );
}

const STATUS_EMOJI: Record<Incident["status"], string> = {
  declared: ":rotating_light:",
  acknowledged: ":eyes:",
  mitigated: ":adhesive_bandage:",
  resolved: ":white_check_mark:",
};

export function statusChangedMessage(incident: Incident, actorUserId: string | null): ChatMessage {
  const summary =
    incident.status === "resolved" && incident.resolutionSummary ? `\n>${incident.resolutionSummary}` : "";
  return sectionMessage(
    `${STATUS_EMOJI[incident.status]} ${incidentRef(incident)} ${STATUS_LABELS[incident.status].toLowerCase()}${byUser(actorUserId)}.${summary}`,
  );
}

export function severityChangedMessage(
  incident: Incident,
  from: Incident["severity"],
  actorUserId: string | null,
): ChatMessage {
  return sectionMessage(
    `:arrows_counterclockwise: Severity changed from ${severityLabel(from)} to ${severityLabel(incident.severity)}${byUser(actorUserId)}.`,
  );
}

export function detailsChangedMessage(
  incident: Incident,
  field: "title" | "service",
  actorUserId: string | null,
): ChatMessage {
  const what =
    field === "title"
      ? `renamed to *${incident.title}*`
      : `affected service set to *${incident.service ?? "none"}*`;
  return { text: `:pencil2: Incident ${what}${byUser(actorUserId)}.` };
}

export function noteMessage(_incident: Incident, event: TimelineEvent): ChatMessage {
  const who = event.actor.startsWith("slack:") ? userRef(event.actor.slice(6)) : event.actor;
  return sectionMessage(`:memo: Note from ${who} (log #${event.seq}): ${event.text}`);
}

/** Every message repeats typed text, so none of them may broadcast (see `withoutBroadcasts`). */
export const slackIncidentMessages: IncidentMessages = neutralised({
  intro: introMessage,
  announcement: announcementMessage,
  declared: (incident, problem) => declaredReply(incident, problem),
  statusChanged: statusChangedMessage,
  severityChanged: severityChangedMessage,
  detailsChanged: detailsChangedMessage,
  note: noteMessage,
  roleAssigned: roleAssignedMessage,
  roleBriefing: roleBriefingMessage,
  playbookLinked: (playbook, url, opts) => playbookMessage(playbook, url, opts),
  noPlaybookMatches: noPlaybookMatchesMessage,
  drillReport: drillReportMessage,
  weeklyReview: (report, incidents, zone, extra) => ({
    text: weeklyReviewText(report, incidents, zone, extra),
  }),
} satisfies IncidentMessages);
