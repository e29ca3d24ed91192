import { type Incident, STATUS_LABELS } from "./incident.js";
import { neutraliseMentions } from "../text/mentions.js";
import { severityLabel } from "./severity.js";

/** Slack topics are at most 250 characters. */
const MAX_TOPIC = 250;

export function channelTopic(
  incident: Pick<Incident, "severity" | "security" | "status" | "commander" | "title"> & { drill?: boolean },
): string {
  const commander = incident.commander ? `<@${incident.commander}>` : "unassigned";
  // A drill says so first: nobody should mistake a game day for a real outage.
  const drill = incident.drill ? "DRILL | " : "";
  const topic = `${drill}${severityLabel(incident.severity, incident.security)} | ${STATUS_LABELS[incident.status]} | IC: ${commander} | ${neutraliseMentions(incident.title)}`;
  return topic.length > MAX_TOPIC ? `${topic.slice(0, MAX_TOPIC - 1)}…` : topic;
}
