import { type Incident, incidentRef } from "../../domain/incident/incident.js";
import type { Severity } from "../../domain/incident/severity.js";
import { severityLabel } from "../../domain/incident/severity.js";
import { type Actor, slackActor } from "../../domain/timeline/timeline-event.js";
import type { SlackJob } from "../../ports/slack-outbox.js";
import type { Deps } from "../deps.js";
import { recordPlan } from "../escalation/plan-escalation.js";

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
  /** The slash command's response_url: the declarer's answer goes there (else a DM). */
  responseUrl?: string | null;
  /** Who the timeline says declared it (default the Slack user `declaredBy`); alerts use their source. */
  actor?: Actor;
  /** False when no person declared it (an alert): nobody to invite or answer. Default true. */
  notifyDeclarer?: boolean;
  /** More record writes in the declaration's transaction, before the reactions run (the alert's). */
  within?: (incident: Incident) => void;
}

export interface DeclareResult {
  incident: Incident;
  /** Redis is unreachable: the 0-minute page went out, later steps wait for it (nothing is lost). */
  timersDelayed: boolean;
}

/**
 * One transaction records the incident, its escalation plan (due times anchored on the
 * declaration) and its Slack work (channel, topic, intro, announcement, the declarer's answer).
 * Then the reactions start the escalation: the steps already due page at once, in this process,
 * whatever Slack or Redis are doing. The Slack work runs from the outbox, in order, when Slack
 * answers.
 */
export async function declareIncident(
  deps: Pick<
    Deps,
    | "clock"
    | "incidents"
    | "events"
    | "outbox"
    | "transaction"
    | "incidentsChannel"
    | "matrix"
    | "escalations"
    | "scheduler"
    | "metrics"
    | "tracer"
  >,
  input: DeclareInput,
): Promise<DeclareResult> {
  const attributes = { severity: input.severity, security: input.security, drill: input.drill ?? false };
  return deps.tracer.span("declare incident", attributes, async (span) => {
    const result = await declare(deps, input);
    span.set({ incident: incidentRef(result.incident) });
    deps.metrics.incidentDeclared(result.incident.severity, result.incident.drill);
    return result;
  });
}

async function declare(
  deps: Parameters<typeof declareIncident>[0],
  input: DeclareInput,
): Promise<DeclareResult> {
  const now = deps.clock.now();
  const incident = deps.transaction(() => {
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
        actor: input.actor ?? slackActor(input.declaredBy),
        text: `Declared ${incident.drill ? "DRILL " : ""}${severityLabel(incident.severity, incident.security)}: ${incident.title}`,
        data: {
          severity: incident.severity,
          security: incident.security,
          description: incident.description,
          drill: incident.drill,
        },
      }),
    );
    recordPlan(deps, created, now);
    const person = input.notifyDeclarer ?? true;
    const jobs: SlackJob[] = [
      { kind: "openChannel" },
      { kind: "topic" },
      ...(person ? [{ kind: "invite" as const, users: [input.declaredBy] }] : []),
      { kind: "intro" },
      // The announcement of a security incident names neither its title nor its private channel.
      ...(deps.incidentsChannel ? [{ kind: "announcement" as const, channel: deps.incidentsChannel }] : []),
      ...(person
        ? [{ kind: "declarerReply" as const, user: input.declaredBy, responseUrl: input.responseUrl ?? null }]
        : []),
    ];
    deps.outbox.add(created.id, ...jobs);
    input.within?.(created);
    return created;
  });
  await deps.events.emit("declared", { incident });
  return {
    incident,
    timersDelayed: !deps.scheduler.available(),
  };
}
