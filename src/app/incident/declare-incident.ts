import { incidentChannelName } from "../../domain/incident/channel-name.js";
import type { Incident } from "../../domain/incident/incident.js";
import type { Severity } from "../../domain/incident/severity.js";
import { severityLabel } from "../../domain/incident/severity.js";
import { BOT_ACTOR, slackActor } from "../../domain/timeline/timeline-event.js";
import { channelTopic } from "../../domain/incident/topic.js";
import type { Deps } from "../deps.js";

export interface DeclareInput {
  title: string;
  severity: Severity;
  security: boolean;
  description?: string | null;
  declaredBy: string;
  /** A game-day drill: channel and messages say DRILL, pages go to Slack DMs only. */
  drill?: boolean;
  /** The affected service, when the declarer knows it; playbooks match on it first. */
  service?: string | null;
}

export type DeclareResult =
  | { kind: "declared"; incident: Incident; channelId: string; channelName: string }
  | { kind: "channel-failed"; incident: Incident; error: string };

const MAX_NAME_ATTEMPTS = 20;

/**
 * Records the incident first (the record must exist even if Slack fails), then opens its
 * channel, invites the declarer, posts the intro and the announcement, and tells observers.
 */
export async function declareIncident(
  deps: Pick<
    Deps,
    "clock" | "incidents" | "timeline" | "events" | "chat" | "messages" | "incidentsChannel" | "logger"
  >,
  input: DeclareInput,
): Promise<DeclareResult> {
  const now = deps.clock.now();
  const created = deps.incidents.create(
    {
      title: input.title,
      description: input.description ?? null,
      severity: input.severity,
      security: input.security,
      drill: input.drill ?? false,
      service: input.service ?? null,
      declaredBy: input.declaredBy,
      declaredAt: now,
    },
    (incident) => ({
      kind: "declared",
      occurredAt: now,
      actor: slackActor(input.declaredBy),
      text: `Declared ${incident.drill ? "DRILL " : ""}${severityLabel(incident.severity, incident.security)}: ${incident.title}`,
      data: {
        severity: incident.severity,
        security: incident.security,
        description: incident.description,
        drill: incident.drill,
      },
    }),
  );

  const channel = await openChannel(deps, created);
  if (!channel.ok) {
    deps.timeline.append({
      incidentId: created.id,
      kind: "warning",
      occurredAt: deps.clock.now(),
      actor: BOT_ACTOR,
      text: `Could not create the incident channel: ${channel.error}`,
      data: { error: channel.error },
    });
    // Paging must not depend on Slack: the escalation starts even without a channel.
    await deps.events.emit("declared", { incident: created });
    return { kind: "channel-failed", incident: created, error: channel.error };
  }

  const incident = deps.incidents.update(
    created.id,
    { channelId: channel.id, channelName: channel.name },
    {
      kind: "channel_created",
      occurredAt: deps.clock.now(),
      actor: BOT_ACTOR,
      text: `Opened #${channel.name}`,
      data: { channelId: channel.id, channelName: channel.name, private: created.security },
    },
  );

  await deps.chat.setTopic(channel.id, channelTopic(incident));
  await deps.chat.invite(channel.id, [input.declaredBy]);
  await deps.chat.post(channel.id, deps.messages.intro(incident));
  // The announcement of a security incident names neither its title nor its private channel.
  if (deps.incidentsChannel) {
    try {
      await deps.chat.post(deps.incidentsChannel, deps.messages.announcement(incident));
    } catch (error) {
      deps.logger.warn({ err: error, incidentId: incident.id }, "could not announce the incident");
    }
  }
  await deps.events.emit("declared", { incident });
  return { kind: "declared", incident, channelId: channel.id, channelName: channel.name };
}

async function openChannel(
  deps: Pick<Deps, "chat">,
  incident: Incident,
): Promise<{ ok: true; id: string; name: string } | { ok: false; error: string }> {
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    const name = incidentChannelName(
      incident.id,
      incident.drill ? `drill ${incident.title}` : incident.title,
      attempt,
    );
    const result = await deps.chat.createChannel(name, incident.security);
    if (result.ok) return result;
    if (result.error !== "name_taken") return { ok: false, error: result.error };
  }
  return { ok: false, error: `every channel name up to attempt ${MAX_NAME_ATTEMPTS} is taken` };
}
