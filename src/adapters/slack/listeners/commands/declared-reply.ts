import type { DeclareResult } from "../../../../app/incident/declare-incident.js";
import { incidentRef } from "../../../../domain/incident/incident.js";
import { severityLabel } from "../../../../domain/incident/severity.js";

export function declaredReply(result: DeclareResult): string {
  const { incident } = result;
  const label = `${incidentRef(incident)} (${severityLabel(incident.severity, incident.security)})`;
  if (result.kind === "declared") {
    return `:rotating_light: ${label} declared. Join <#${result.channelId}> — the escalation and the IMOC log run there.`;
  }
  return `:warning: ${label} is recorded, but its channel could not be created (${result.error}). Check the bot's \`channels:manage\`/\`groups:write\` scopes, then run \`/incident declare\` again or create the channel by hand.`;
}
