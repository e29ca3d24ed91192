import { renderTemplate } from "../../domain/comms/template.js";
import { type Incident, incidentRef, STATUS_LABELS } from "../../domain/incident/incident.js";
import { severityLabel } from "../../domain/incident/severity.js";
import { formatDuration } from "../../domain/time/duration.js";
import { BOT_ACTOR } from "../../domain/timeline/timeline-event.js";
import type { Deps } from "../deps.js";
import { notifyAudiences } from "./notify-audiences.js";

type EdgeDeps = Parameters<typeof notifyAudiences>[0] & Pick<Deps, "templates">;

/** `comms_sent` events of the edges carry this in their data, so each edge is sent once. */
const EDGE = "edge";

const stamp = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const label = (incident: Incident) =>
  `${incident.drill ? "DRILL " : ""}${severityLabel(incident.severity, incident.security)}`;

function common(deps: Pick<Deps, "escalationMessages">, incident: Incident, noCommander: string) {
  const { user, channel } = deps.escalationMessages;
  return {
    incident: incidentRef(incident),
    title: incident.title,
    severity: label(incident),
    channel: incident.channelId ? channel(incident.channelId) : "the incident channel (being opened)",
    declared_at: stamp(incident.declaredAt),
    commander: incident.commander
      ? user(incident.commander)
      : `${user(incident.declaredBy)} (${noCommander})`,
  };
}

/** The declaration message (comms-declared.md): what, impact, who leads, where to follow. */
export function declaredMessage(
  deps: Pick<Deps, "escalationMessages" | "templates">,
  incident: Incident,
  why: string,
  details: string | null,
): { text: string } {
  const text = renderTemplate(deps.templates.commsDeclared, {
    ...common(deps, incident, "declared it; no commander assigned yet"),
    status: STATUS_LABELS[incident.status],
    why,
    impact: incident.description ?? incident.title,
    details: details ? `>${details}` : "",
  });
  return { text };
}

/**
 * A SEV-1 tells its comms audiences (the policy's `status_updates.to`) at once, without waiting
 * for the first 15-minute update: at its declaration, or when an incident is raised to SEV-1.
 * Sent once per incident; a security incident's audiences get the redacted notice.
 */
export async function tellDeclared(deps: EdgeDeps, incident: Incident, why: string): Promise<void> {
  const policy = deps.matrix.policies[incident.severity].statusUpdates;
  if (!policy || incident.status === "resolved") return;
  if (deps.timeline.list(incident.id).some((e) => e.kind === "comms_sent" && e.data[EDGE] === "declared"))
    return;
  await notifyAudiences(deps, incident, {
    audiences: policy.audiences,
    message: { declared: { details: null } },
    why,
    actor: BOT_ACTOR,
    data: { [EDGE]: "declared" },
  });
}

/**
 * The all-clear (comms-all-clear.md), with duration and summary, to every audience that heard of
 * the incident (a SEV-1's, a SEV-2's SLA-breach audiences, product after customer reports).
 */
export async function tellAllClear(deps: EdgeDeps, incident: Incident): Promise<void> {
  if (incident.status !== "resolved") return;
  const events = deps.timeline.list(incident.id).filter((e) => e.kind === "comms_sent");
  if (events.some((e) => e.data[EDGE] === "all-clear")) return;
  const told = new Set(events.flatMap((e) => (Array.isArray(e.data.audiences) ? e.data.audiences : [])));
  const audiences = Object.keys(deps.matrix.comms).filter((id) => told.has(id));
  if (!audiences.length) return;
  const resolvedAt = incident.resolvedAt ?? deps.clock.now();
  const duration = formatDuration(resolvedAt.getTime() - incident.declaredAt.getTime());
  const text = renderTemplate(deps.templates.commsAllClear, {
    ...common(deps, incident, "declared it; no commander was assigned"),
    duration,
    summary: incident.resolutionSummary ?? "none given yet; the incident channel has the details",
    resolved_at: stamp(resolvedAt),
  });
  await notifyAudiences(deps, incident, {
    audiences,
    message: { text },
    why: `All clear after ${duration}`,
    actor: BOT_ACTOR,
    data: { [EDGE]: "all-clear" },
  });
}
