import { formatDuration } from "../domain/duration.js";
import { pageDedupKey, untilReached } from "../domain/escalation-plan.js";
import type { Target } from "../domain/escalation-matrix.js";
import { type Incident, incidentRef, STATUS_LABELS } from "../domain/incident.js";
import { severityLabel } from "../domain/severity.js";
import { BOT_ACTOR, type TimelineKind } from "../domain/timeline-event.js";
import type { PageRecord, StepRecord } from "../ports/escalation-store.js";
import type { EscalationDeps } from "./escalation-deps.js";

export type StepOutcome =
  | { kind: "paged"; target: string; via: string[] }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; reason: string }
  | { kind: "stale"; reason: string };

const PD_SEVERITY = { sev1: "critical", sev2: "error", sev3: "warning" } as const;

/**
 * A step's timer fired. Checks the current state first (plan generation, resolved, `until`,
 * target already paged), then pages. Safe to run again after a crash: the page row is claimed
 * before anything is sent and each channel is stamped once it succeeded, so a rerun only does
 * what is missing. (Between PagerDuty's 202 and the stamp a crash can resend the trigger; it
 * carries the same dedup key, so PagerDuty folds it into the same alert.)
 */
export async function runEscalationStep(deps: EscalationDeps, jobId: string): Promise<StepOutcome> {
  const step = deps.escalations.step(jobId);
  if (!step) return { kind: "stale", reason: "no such step in the database" };
  if (step.state !== "pending") return { kind: "stale", reason: `step already ${step.state}` };
  const incident = deps.incidents.get(step.incidentId);
  if (!incident) return { kind: "stale", reason: "incident not found" };
  const now = deps.clock.now();
  const target = deps.matrix.targets[step.target];
  // The planned offset ("T+5m"), as the matrix says it; how late it ran is in the event's data.
  const elapsed = formatDuration(step.dueAt.getTime() - incident.declaredAt.getTime());
  const name = target?.name ?? step.target;

  if (step.generation !== deps.escalations.generation(incident.id)) {
    deps.escalations.finishStep(
      jobId,
      { state: "cancelled", reason: "a newer plan replaced it", at: now },
      null,
    );
    return { kind: "stale", reason: "a newer plan replaced it" };
  }
  let skip: string | null = null;
  if (!target) skip = `target "${step.target}" is no longer in the escalation matrix`;
  else if (untilReached(incident.status, step.until)) {
    skip = `incident ${STATUS_LABELS[incident.status].toLowerCase()} before the step was due (until ${step.until})`;
  }
  const page = target && !skip ? claim(deps, incident, step, now) : null;
  if (page && page.stepJobId !== jobId) {
    skip = `already paged at T+${formatDuration(page.claimedAt.getTime() - incident.declaredAt.getTime())}`;
  }
  if (skip || !page || !target) {
    const reason = skip ?? "nothing to page";
    await finish(
      deps,
      incident,
      step,
      "skipped",
      reason,
      "page_skipped",
      `⏭️ T+${elapsed}: skipped ${name}: ${reason}`,
    );
    return { kind: "skipped", reason };
  }

  const via: string[] = [];
  const problems: string[] = [];
  await pagePagerDuty(deps, incident, target, page, via, problems, elapsed);
  await pageSlack(deps, incident, target, page, via, problems, elapsed);

  if (via.length === 0) {
    const reason = problems.join("; ") || "the target has no PagerDuty key and no Slack users";
    await finish(
      deps,
      incident,
      step,
      "failed",
      reason,
      "page_failed",
      `:warning: T+${elapsed}: could not page ${name}: ${reason}`,
    );
    return { kind: "failed", reason };
  }
  await finish(
    deps,
    incident,
    step,
    "paged",
    problems.join("; ") || null,
    "page_sent",
    `⏫ T+${elapsed}: paged ${name} (${via.join(", ")})`,
    {
      via,
    },
  );
  return { kind: "paged", target: step.target, via };
}

function claim(deps: EscalationDeps, incident: Incident, step: StepRecord, at: Date): PageRecord {
  return deps.escalations.claimPage({
    incidentId: incident.id,
    target: step.target,
    stepJobId: step.jobId,
    dedupKey: pageDedupKey(incident.id, step.target),
    at,
  });
}

async function pagePagerDuty(
  deps: EscalationDeps,
  incident: Incident,
  target: Target,
  page: PageRecord,
  via: string[],
  problems: string[],
  elapsed: string,
): Promise<void> {
  if (!target.pagerduty) return;
  if (incident.drill) {
    via.push("drill: PagerDuty not paged");
    return;
  }
  if (page.pagerdutySentAt) return void via.push("PagerDuty");
  const result = await deps.pager.trigger({
    routingKey: target.pagerduty.routingKey,
    dedupKey: page.dedupKey,
    summary:
      `[${severityLabel(incident.severity, incident.security)}] ${incidentRef(incident)} ${incident.title}`.slice(
        0,
        1024,
      ),
    severity: PD_SEVERITY[incident.severity],
    source: "imoc",
    ...(incident.channelId
      ? {
          link: {
            href: `https://slack.com/app_redirect?channel=${incident.channelId}`,
            text: `#${incident.channelName ?? incident.channelId}`,
          },
        }
      : {}),
    details: { incident: incidentRef(incident), target: target.name, elapsed, channel: incident.channelName },
  });
  if (result.ok) {
    deps.escalations.stampPage(page.id, { pagerdutySentAt: deps.clock.now() });
    via.push("PagerDuty");
    return;
  }
  const why = `PagerDuty ${result.permanent ? "refused" : "did not take"} the page for ${target.name} (${result.code}: ${result.message}) after ${result.attempts} attempt(s)`;
  problems.push(why);
  deps.timeline.append({
    incidentId: incident.id,
    kind: "warning",
    occurredAt: deps.clock.now(),
    actor: BOT_ACTOR,
    text: why,
    data: { target: target.id, code: result.code, permanent: result.permanent, attempts: result.attempts },
  });
  if (incident.channelId) {
    await deps.chat
      .post(incident.channelId, { text: `:warning: ${why}. Page ${target.name} by hand.` })
      .catch((error: unknown) => deps.logger.warn({ err: error }, "could not post the PagerDuty warning"));
  }
}

async function pageSlack(
  deps: EscalationDeps,
  incident: Incident,
  target: Target,
  page: PageRecord,
  via: string[],
  problems: string[],
  elapsed: string,
): Promise<void> {
  if (target.slack.users.length === 0 && target.slack.usergroups.length === 0) return;
  if (page.slackSentAt) return void via.push("Slack");
  try {
    const users = await deps.targets.slackUsersFor(target);
    if (users.length === 0) return void problems.push(`no Slack users found for ${target.name}`);
    if (incident.channelId) await deps.chat.invite(incident.channelId, users);
    for (const user of users)
      await deps.chat.directMessage(user, deps.pageMessage(incident, target.name, elapsed));
    deps.escalations.stampPage(page.id, { slackSentAt: deps.clock.now() });
    via.push(`Slack: ${users.map((u) => `<@${u}>`).join(" ")}`);
  } catch (error) {
    problems.push(`Slack: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function finish(
  deps: EscalationDeps,
  incident: Incident,
  step: StepRecord,
  state: "paged" | "skipped" | "failed",
  reason: string | null,
  kind: TimelineKind,
  line: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const now = deps.clock.now();
  const finished = deps.escalations.finishStep(
    step.jobId,
    { state, reason, at: now },
    {
      incidentId: incident.id,
      kind,
      occurredAt: now,
      actor: BOT_ACTOR,
      // The channel line without its icon and T+ (the event has its own time): "paged CTO (…)".
      text: line.replace(/^\S+ T\+\S+: /, "").replace(/^./, (c) => c.toUpperCase()),
      data: {
        target: step.target,
        jobId: step.jobId,
        generation: step.generation,
        dueAt: step.dueAt.toISOString(),
        msLate: now.getTime() - step.dueAt.getTime(),
        reason,
        ...extra,
      },
    },
  );
  if (finished && incident.channelId) {
    await deps.chat
      .post(incident.channelId, { text: line })
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, incidentId: incident.id }, "could not post the page line"),
      );
  }
}
