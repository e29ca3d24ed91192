import { incidentChannelName } from "../../domain/incident/channel-name.js";
import type { Incident } from "../../domain/incident/incident.js";
import { channelTopic } from "../../domain/incident/topic.js";
import { BOT_ACTOR } from "../../domain/timeline/timeline-event.js";
import { ChatError, type ChatMessage } from "../../ports/chat.js";
import type { QueuedSlackJob, SlackJob } from "../../ports/slack-outbox.js";
import { declaredMessage } from "../comms/edge-comms.js";
import { copyEvidence } from "../custody/copy-evidence.js";
import { runAlertJob } from "../alerts/alert-slack-job.js";
import type { Deps } from "../deps.js";

export type SlackJobDeps = Pick<
  Deps,
  | "clock"
  | "logger"
  | "incidents"
  | "timeline"
  | "chat"
  | "messages"
  | "escalations"
  | "targets"
  | "matrix"
  | "pageMessage"
  | "escalationMessages"
  | "templates"
  | "custody"
  | "alerts"
  | "alertMessages"
  | "playbooks"
  | "metrics"
>;

const MAX_NAME_ATTEMPTS = 20;

/**
 * Runs one Slack job of the outbox. Throws a transient `ChatError` to be retried (the lane waits);
 * a permanent failure is dealt with here (logged, and recorded when it matters) so the lane moves on.
 */
export async function runSlackJob(deps: SlackJobDeps, queued: QueuedSlackJob): Promise<void> {
  const incident = queued.incidentId === null ? null : deps.incidents.get(queued.incidentId);
  try {
    await run(deps, queued.job, incident);
  } catch (error) {
    const page = queued.job.kind === "pageSlack" ? queued.job.target : null;
    const transient = error instanceof ChatError && error.transient;
    if (page) deps.metrics[transient ? "pageRetried" : "pageFailed"]("slack", page);
    if (transient) throw error;
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.warn(
      { err: error, incidentId: queued.incidentId, kind: queued.job.kind },
      "Slack job failed for good",
    );
    const failure = failureNote(queued.job);
    if (incident && failure) {
      deps.timeline.append({
        incidentId: incident.id,
        kind: "warning",
        occurredAt: deps.clock.now(),
        actor: BOT_ACTOR,
        text: `${failure}: ${message}`,
        data: { job: queued.job.kind, error: message },
      });
    }
  }
}

function failureNote(job: SlackJob): string | null {
  switch (job.kind) {
    case "post":
    case "declaredComms":
      return job.failure ?? null;
    case "pageSlack":
      return `Could not reach ${job.target} in Slack`;
    case "announcement":
      return "Could not announce the incident";
    case "copyEvidence":
      return `Could not preserve file ${job.name} of message #${job.seq} as evidence`;
    default:
      return null;
  }
}

async function run(deps: SlackJobDeps, job: SlackJob, incident: Incident | null | undefined): Promise<void> {
  if (job.kind === "dm") return deps.chat.directMessage(job.user, job.message);
  if (job.kind === "post" && job.channel) return void (await deps.chat.post(job.channel, job.message));
  if (job.kind === "alertTriage" || job.kind === "alertStorm") return runAlertJob(deps, job);
  if (!incident) return;
  if (job.kind === "openChannel") return openChannel(deps, incident);
  if (job.kind === "announcement")
    return void (await deps.chat.post(job.channel, deps.messages.announcement(incident)));
  if (job.kind === "declarerReply") return declarerReply(deps, incident, job.user, job.responseUrl);
  if (job.kind === "pageSlack") return pageSlack(deps, incident, job);
  if (job.kind === "declaredComms")
    return void (await deps.chat.post(job.channel, declaredMessage(deps, incident, job.why, job.details)));
  if (job.kind === "copyEvidence") return copyEvidence(deps, incident, job);
  // The rest goes to the incident channel: none when it could not be opened (already recorded).
  const channel = incident.channelId;
  if (!channel) return;
  switch (job.kind) {
    case "topic":
      return deps.chat.setTopic(channel, channelTopic(incident));
    case "intro":
      return void (await deps.chat.post(channel, deps.messages.intro(incident)));
    case "invite":
      return deps.chat.invite(channel, job.users);
    case "post":
      return void (await deps.chat.post(channel, job.message));
    case "bookmark":
      return deps.chat.addBookmark(channel, {
        title: job.title,
        link: job.link,
        ...(job.emoji ? { emoji: job.emoji } : {}),
      });
  }
}

/**
 * Opens the incident channel, once: a rerun after a crash finds the channel recorded. Names that
 * are taken get a numbered suffix. A permanent refusal is recorded; the incident goes on without
 * a channel (its pages do not depend on it).
 */
async function openChannel(deps: SlackJobDeps, incident: Incident): Promise<void> {
  if (incident.channelId) return;
  let error = `every channel name up to attempt ${MAX_NAME_ATTEMPTS} is taken`;
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    const name = incidentChannelName(
      incident.id,
      incident.drill ? `drill ${incident.title}` : incident.title,
      attempt,
    );
    let result: Awaited<ReturnType<SlackJobDeps["chat"]["createChannel"]>>;
    try {
      result = await deps.chat.createChannel(name, incident.security);
    } catch (failure) {
      if (failure instanceof ChatError && failure.transient) throw failure;
      error = failure instanceof ChatError ? failure.code : String(failure);
      break;
    }
    if (result.ok) {
      deps.incidents.update(
        incident.id,
        { channelId: result.id, channelName: result.name },
        {
          kind: "channel_created",
          occurredAt: deps.clock.now(),
          actor: BOT_ACTOR,
          text: `Opened #${result.name}`,
          data: { channelId: result.id, channelName: result.name, private: incident.security },
        },
      );
      return;
    }
    if (result.error !== "name_taken") {
      error = result.error;
      break;
    }
  }
  deps.timeline.append({
    incidentId: incident.id,
    kind: "warning",
    occurredAt: deps.clock.now(),
    actor: BOT_ACTOR,
    text: `Could not create the incident channel: ${error}`,
    data: { error, channelNotCreated: true },
  });
}

async function declarerReply(
  deps: SlackJobDeps,
  incident: Incident,
  user: string,
  responseUrl: string | null,
): Promise<void> {
  const text = deps.messages.declared(incident, channelProblem(deps, incident));
  if (responseUrl) {
    try {
      return await deps.chat.respond(responseUrl, { text });
    } catch (error) {
      // Expired (30 minutes) or used up: the declarer still hears, in a DM.
      if (error instanceof ChatError && error.transient) throw error;
    }
  }
  await deps.chat.directMessage(user, { text } satisfies ChatMessage);
}

/** Why the incident has no channel, from its timeline (null when it has one). */
function channelProblem(deps: SlackJobDeps, incident: Incident): string | null {
  if (incident.channelId) return null;
  const warning = deps.timeline
    .list(incident.id)
    .filter((e) => e.kind === "warning" && e.data.channelNotCreated === true)
    .at(-1);
  return warning ? String(warning.data.error) : "unknown error";
}

/** The Slack half of a page (its PagerDuty half is the step's job): invited, and a DM each. */
async function pageSlack(
  deps: SlackJobDeps,
  incident: Incident,
  job: Extract<SlackJob, { kind: "pageSlack" }>,
): Promise<void> {
  const page = deps.escalations.pages(incident.id).find((p) => p.id === job.pageId);
  const target = deps.matrix.targets[job.target];
  if (!page || page.slackSentAt || !target) return;
  const users = page.slackUsers ?? (await deps.targets.slackUsersFor(target, { drill: incident.drill }));
  if (users.length === 0) {
    const listed = target.slack.users.length > 0 || target.slack.usergroups.length > 0;
    if (listed) throw new Error(`no Slack users found for ${target.name}`);
    return;
  }
  if (incident.channelId) await deps.chat.invite(incident.channelId, users);
  // A rerun after a crash between two DMs sends the first again: better twice than never.
  for (const user of users)
    await deps.chat.directMessage(user, deps.pageMessage(incident, target.name, job.elapsed));
  deps.escalations.stampPage(page.id, { slackSentAt: deps.clock.now() });
  deps.metrics.pageSent("slack", target.id);
}
