import { formatDuration } from "../../domain/time/duration.js";
import { type Incident, incidentRef, STATUS_LABELS } from "../../domain/incident/incident.js";
import { severityLabel } from "../../domain/incident/severity.js";
import { renderTemplate } from "../../domain/comms/template.js";
import { BOT_ACTOR, type TimelineEvent } from "../../domain/timeline/timeline-event.js";
import type { Deps } from "../deps.js";
import { notifyAudiences } from "./notify-audiences.js";

const policyFor = (deps: Pick<Deps, "matrix">, incident: Incident) =>
  incident.status === "resolved" ? undefined : deps.matrix.policies[incident.severity].statusUpdates;

/** Starts or stops the update clock to match the incident (raised to / dropped below SEV-1, resolved). */
export async function syncStatusUpdates(
  deps: Pick<Deps, "clock" | "matrix" | "scheduler">,
  incident: Incident,
): Promise<void> {
  const policy = policyFor(deps, incident);
  if (!policy) return deps.scheduler.stopStatusUpdates(incident.id);
  const first = new Date(deps.clock.now().getTime() + policy.everyMs);
  await deps.scheduler.startStatusUpdates(incident.id, first, policy.everyMs);
}

/** What restarts the update clock: the declaration, a severity change, an update (scheduled or not). */
const CLOCK_KINDS = new Set(["declared", "severity_changed", "status_update"]);

/**
 * After Redis lost the clock (restarted empty): puts it back without restarting it. The next
 * update is one interval after the last thing that (re)started the clock in the record, or at
 * once when that is already past. True when the clock was missing.
 */
export async function restoreStatusUpdates(
  deps: Pick<Deps, "clock" | "matrix" | "scheduler" | "timeline">,
  incident: Incident,
): Promise<boolean> {
  const policy = policyFor(deps, incident);
  if (!policy) return false;
  const anchor = deps.timeline
    .list(incident.id)
    .filter((e) => CLOCK_KINDS.has(e.kind))
    .reduce((latest, e) => Math.max(latest, e.occurredAt.getTime()), incident.declaredAt.getTime());
  const first = Math.max(deps.clock.now().getTime(), anchor + policy.everyMs);
  return deps.scheduler.restoreStatusUpdates(incident.id, new Date(first), policy.everyMs);
}

/** A person's update (`/incident update`, Post update): to the comms audiences, and the clock restarts. */
export async function forwardStatusUpdate(
  deps: Parameters<typeof notifyAudiences>[0] & Parameters<typeof syncStatusUpdates>[0],
  incident: Incident,
  text: string,
  by: string | null,
): Promise<void> {
  const policy = policyFor(deps, incident);
  if (!policy) return;
  await notifyAudiences(deps, incident, {
    audiences: policy.audiences,
    message: deps.escalationMessages.forwardedUpdate(incident, text, by),
    why: "Status update",
    actor: by ? `slack:${by}` : BOT_ACTOR,
  });
  await syncStatusUpdates(deps, incident);
}

const QUIET_KINDS = new Set(["status_update", "comms_sent", "message_recorded", "message_revised"]);

/**
 * The scheduled update: templated, to the incident channel and the comms audiences. When the
 * latest update is not a person's, nobody wrote one during the interval: it says so and
 * mentions the commander (or the declarer while there is none). `slot` names the clock's tick
 * (its job id): a tick run again (a retry, or another replica taking over the job of one that
 * died) finds its update in the log and posts nothing.
 */
export async function runScheduledStatusUpdate(
  deps: Pick<
    Deps,
    "clock" | "logger" | "incidents" | "timeline" | "outbox" | "scheduler" | "templates" | "transaction"
  > &
    Parameters<typeof notifyAudiences>[0],
  incidentId: number,
  slot?: string,
): Promise<"posted" | "stopped" | "posted-already"> {
  const incident = deps.incidents.get(incidentId);
  const policy = incident ? policyFor(deps, incident) : undefined;
  if (!incident || !policy) {
    await deps.scheduler.stopStatusUpdates(incidentId);
    return "stopped";
  }
  const now = deps.clock.now();
  const events = deps.timeline.list(incident.id);
  const updates = events.filter((e) => e.kind === "status_update");
  if (slot !== undefined && updates.some((e) => e.data.slot === slot)) return "posted-already";
  const lastAny = updates.at(-1);
  const lastHuman = [...updates].reverse().find((e) => e.actor !== BOT_ACTOR);
  const someoneWrote = lastAny !== undefined && lastAny.actor !== BOT_ACTOR;
  const since = events.filter((e) => e.seq > (lastAny?.seq ?? 0) && !QUIET_KINDS.has(e.kind));
  const at = (e: TimelineEvent) =>
    `T+${formatDuration(e.occurredAt.getTime() - incident.declaredAt.getTime())}`;
  const { user, channel } = deps.escalationMessages;
  const mention = incident.commander
    ? user(incident.commander)
    : `${user(incident.declaredBy)} (no commander assigned yet)`;
  const interval = formatDuration(policy.everyMs);
  const values: Record<string, string> = {
    incident: incidentRef(incident),
    title: incident.title,
    severity: severityLabel(incident.severity, incident.security),
    status: STATUS_LABELS[incident.status],
    duration: formatDuration(now.getTime() - incident.declaredAt.getTime()),
    commander: incident.commander ? user(incident.commander) : "unassigned",
    impact: incident.description ?? incident.title,
    latest_update: lastHuman ? `${lastHuman.text} (${at(lastHuman)})` : "none yet",
    since_last_update: since.length
      ? since
          .slice(-8)
          .map((e) => `• ${at(e)} ${e.text}`)
          .join("\n")
      : "• nothing recorded",
    next_update: `in ${interval} (${new Date(now.getTime() + policy.everyMs).toISOString().slice(11, 16)} UTC)`,
    channel: incident.channelId ? channel(incident.channelId) : "(no channel)",
    interval,
  };
  let text = renderTemplate(deps.templates.statusUpdate, values);
  if (!someoneWrote)
    text += `\n${renderTemplate(deps.templates.noUpdateNudge, { ...values, commander: mention })}`;
  const tick = slot === undefined ? {} : { slot };
  // The event (which marks the tick done) and the post commit together.
  deps.transaction(() => {
    deps.timeline.append({
      incidentId: incident.id,
      kind: "status_update",
      occurredAt: now,
      actor: BOT_ACTOR,
      text: someoneWrote
        ? "Scheduled status update posted"
        : "Scheduled status update posted; nobody wrote an update in the interval",
      data: {
        scheduled: true,
        nudged: !someoneWrote,
        severity: incident.severity,
        status: incident.status,
        ...tick,
      },
    });
    deps.outbox.add(incident.id, {
      kind: "post",
      message: { text },
      failure: "Could not post the status update in the channel",
    });
  });
  await notifyAudiences(deps, incident, {
    audiences: policy.audiences,
    message: { text },
    why: "Scheduled status update",
    actor: BOT_ACTOR,
  });
  return "posted";
}
