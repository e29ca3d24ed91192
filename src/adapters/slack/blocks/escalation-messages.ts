import { type Incident, incidentRef, STATUS_LABELS } from "../../../domain/incident/incident.js";
import { severityLabel } from "../../../domain/incident/severity.js";
import type { ChatMessage } from "../../../ports/chat.js";
import type { EscalationMessages, StepLine } from "../../../ports/escalation-messages.js";
import { neutralised, section, userRef } from "./parts.js";

// An incident an alert opened was declared by "Alertmanager", not a Slack user: no mention then.
const user = (id: string) => userRef(id);
const channel = (id: string) => `<#${id}>`;
const label = (incident: Incident) => severityLabel(incident.severity, incident.security);

function stepFinished(line: StepLine): ChatMessage {
  const at = `T+${line.elapsed}`;
  if (line.outcome === "paged") return { text: `⏫ ${at}: paged ${line.target} (${line.via.join(", ")})` };
  if (line.outcome === "skipped") return { text: `⏭️ ${at}: skipped ${line.target}: ${line.reason}` };
  return { text: `:warning: ${at}: could not page ${line.target}: ${line.reason}` };
}

function statusUpdate(incident: Incident, text: string, byUserId: string | null): ChatMessage {
  const by = byUserId ? ` from ${user(byUserId)}` : "";
  const line = `:loudspeaker: *Status update${by}* (${label(incident)}, ${STATUS_LABELS[incident.status]})\n${text}`;
  return { text: line, blocks: [section(line)] };
}

/** Escalation and comms lines in Slack mrkdwn; titles and updates in them cannot broadcast. */
export const slackEscalationMessages: EscalationMessages = neutralised({
  user,
  channel,
  stepFinished,
  replanned({ incident, pending, next, cancelled }) {
    const nextText = next ? `; next: ${next.target} at T+${next.elapsed}` : "";
    return {
      text: `:arrows_counterclockwise: Escalation re-planned for ${severityLabel(incident.severity)}: ${pending} step(s) pending${nextText}; ${cancelled} pending step(s) of the old plan cancelled. \`/incident escalation\` shows the plan.`,
    };
  },
  pagerDutyFailed: (problem, target) => ({ text: `:warning: ${problem}. Page ${target} by hand.` }),
  pagerDutyFailing: (problem) => ({ text: `:warning: ${problem}.` }),
  pagerDutyDelivered: (target, tries) => ({
    text: `:white_check_mark: PagerDuty took the page for ${target} after ${tries} tries.`,
  }),
  resolveFailed: (target, code) => ({
    text: `:warning: Could not resolve the PagerDuty page of ${target} (${code}); resolve it in PagerDuty.`,
  }),
  statusUpdate,
  forwardedUpdate(incident, text, byUserId) {
    const from = byUserId ? ` from ${user(byUserId)}` : "";
    return {
      text: `:loudspeaker: *${incidentRef(incident)} update${from}* (${label(incident)}, ${STATUS_LABELS[incident.status]}): ${incident.title}\n${text}`,
    };
  },
  comms(incident, what, details) {
    const where = incident.channelId ? ` · ${channel(incident.channelId)}` : "";
    const heading = `${incidentRef(incident)} (${label(incident)}) ${incident.title}${where}`;
    return { text: `:mega: *${what}*: ${heading}${details ? `\n>${details}` : ""}` };
  },
  securityNotice: (incident, why) => ({
    text: `:lock: ${incidentRef(incident)} · ${severityLabel(incident.severity, true)}: ${why}. Details are in a private channel; ask the incident commander or the security duty officer.`,
  }),
} satisfies EscalationMessages);
