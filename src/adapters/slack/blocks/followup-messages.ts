import { isSlackUserId } from "../../../domain/text/mentions.js";
import type { KnownBlock } from "@slack/types";
import { type Followup, followupState } from "../../../domain/followups/followup.js";
import { type Incident, incidentRef } from "../../../domain/incident/incident.js";
import { severityLabel } from "../../../domain/incident/severity.js";
import type { Playbook } from "../../../domain/playbooks/playbook.js";
import type { ChatMessage } from "../../../ports/chat.js";
import type { FollowupMessages } from "../../../ports/followup-messages.js";
import type { PlaybookReview } from "../../../ports/followup-store.js";
import { channelRef } from "./incident-messages.js";
import { button, neutralised, section } from "./parts.js";

/** Buttons of the follow-up and playbook-review DMs; listeners/actions registers one per id. */
export const FOLLOWUP_ACTIONS = {
  done: "followup_done",
  playbookReviewed: "playbook_reviewed",
} as const;

const due = (f: Pick<Followup, "dueOn">) => (f.dueOn ? `due ${f.dueOn}` : "no due date");
const personRef = (p: string) => (isSlackUserId(p) ? `<@${p}>` : p);

/** One line per follow-up: `#3 ⏰ overdue · <@U1> · due 2026-12-04 · text`. */
export function followupLine(f: Followup, today: string, incident?: Incident): string {
  const state = followupState(f, today);
  const mark =
    state === "done" ? ":white_check_mark: done" : state === "overdue" ? ":alarm_clock: overdue" : "open";
  const where = incident ? ` · ${incidentRef(incident)}` : "";
  return `#${f.id}${where} · ${mark} · <@${f.owner}> · ${due(f)} · ${f.text}`;
}

const withButton = (text: string, label: string, actionId: string, value: string): ChatMessage => {
  const blocks: KnownBlock[] = [
    section(text),
    { type: "actions", elements: [button(label, actionId, value, "primary")] },
  ];
  return { text, blocks };
};

// A security incident's title stays in its private channel: the owner may not be a member.
const playbookAsk = (incident: Incident, playbook: Playbook, review: PlaybookReview, url: string) =>
  `${incidentRef(incident)} (${severityLabel(incident.severity, incident.security)}${incident.security ? "" : `, ${incident.title}`}) is resolved and linked your playbook *<${url}|${playbook.title}>*. ` +
  `Please fold what the review learned into it within 48 hours, then confirm with the button or \`/incident playbook reviewed ${playbook.id}\`.` +
  (isHandle(review.owner) ? ` (Owner: ${personRef(review.owner)})` : "");

const isHandle = (owner: string) => !/^[UW][A-Z0-9_]+$/.test(owner);

export const slackFollowupMessages: FollowupMessages = neutralised({
  assigned: (incident, f) =>
    withButton(
      `:memo: You own a follow-up of ${incidentRef(incident)} ${channelRef(incident)} (${due(f)}):\n>${f.text}`,
      "Mark done",
      FOLLOWUP_ACTIONS.done,
      String(f.id),
    ),
  recorded: (_incident, f) => ({
    text: `:memo: Follow-up #${f.id} for <@${f.owner}>, ${due(f)}: ${f.text}`,
  }),
  done: (_incident, f) => ({
    text: `:white_check_mark: Follow-up #${f.id} done${f.doneBy ? ` by <@${f.doneBy}>` : ""}: ${f.text}`,
  }),
  overdueDigest: (items, today) => {
    const lines = items.map(({ followup, incident }) => `• ${followupLine(followup, today, incident)}`);
    const text = `:alarm_clock: *Your overdue follow-ups* (${items.length})\n${lines.join("\n")}\nMark each done from its DM, or see them with \`/incident followups\`.`;
    return { text, blocks: [section(text)] };
  },
  holdReview: (incident, playbooks) => {
    const asked = playbooks.length
      ? ` The owners of ${playbooks.map((p) => `*${p.title}*`).join(", ")} were asked to update their playbooks within 48 hours.`
      : "";
    return {
      text: `:clipboard: ${incidentRef(incident)} (${severityLabel(incident.severity, incident.security)}) is resolved: please hold its post-incident review. In ${channelRef(incident)}, \`/incident timeline\` pulls the log, and \`/incident followup\` records the action items with owners and due dates.${asked}`,
    };
  },
  askPlaybookUpdate: (incident, playbook, review, url) =>
    withButton(
      `:books: ${playbookAsk(incident, playbook, review, url)}`,
      "Playbook updated",
      FOLLOWUP_ACTIONS.playbookReviewed,
      String(review.id),
    ),
  remindPlaybookUpdate: (incident, playbook, review, url) =>
    withButton(
      `:hourglass: Reminder: ${playbookAsk(incident, playbook, review, url)}`,
      "Playbook updated",
      FOLLOWUP_ACTIONS.playbookReviewed,
      String(review.id),
    ),
});

/** `/incident followups`: the list, or what to do when there is none. */
export function followupListReply(
  items: ReadonlyArray<{ followup: Followup; incident?: Incident }>,
  today: string,
  scope: string,
): string {
  if (items.length === 0)
    return `No follow-ups ${scope}. Record one with \`/incident followup <text> [@owner] [due <date>]\`.`;
  const lines = items.map(({ followup, incident }) => `• ${followupLine(followup, today, incident)}`);
  return [`*Follow-ups ${scope}* (${items.length})`, ...lines].join("\n");
}
