import { formatDuration } from "../../domain/time/duration.js";
import { pageDedupKey, untilReached } from "../../domain/escalation/escalation-plan.js";
import { type Incident, STATUS_LABELS } from "../../domain/incident/incident.js";
import { BOT_ACTOR, type TimelineKind } from "../../domain/timeline/timeline-event.js";
import type { PageRecord, StepRecord } from "../../ports/escalation-store.js";
import type { Deps } from "../deps.js";
import { pagePagerDuty, pageSlack } from "./page-target.js";

export type StepOutcome =
  | { kind: "paged"; target: string; via: string[] }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; reason: string }
  | { kind: "stale"; reason: string };

/**
 * A step's timer fired. Checks the current state first (plan generation, resolved, `until`,
 * target already paged), then pages. Safe to run again after a crash: the page row is claimed
 * before anything is sent and each channel is stamped once it succeeded, so a rerun only does
 * what is missing. (Between PagerDuty's 202 and the stamp a crash can resend the trigger; it
 * carries the same dedup key, so PagerDuty folds it into the same alert.)
 */
export async function runEscalationStep(deps: Deps, jobId: string): Promise<StepOutcome> {
  const step = deps.escalations.step(jobId);
  if (!step) return { kind: "stale", reason: "no such step in the database" };
  if (step.state !== "pending" && step.state !== "running") {
    return { kind: "stale", reason: `step already ${step.state}` };
  }
  const incident = deps.incidents.get(step.incidentId);
  if (!incident) return { kind: "stale", reason: "incident not found" };
  const now = deps.clock.now();
  const target = deps.matrix.targets[step.target];
  // The planned offset ("T+5m"), as the matrix says it; how late it ran is in the event's data.
  const elapsed = formatDuration(step.dueAt.getTime() - incident.declaredAt.getTime());
  const name = target?.name ?? step.target;

  // A running step of a replaced plan (its run was cut short) still owns its page: it finishes.
  if (step.state === "pending" && step.generation !== deps.escalations.generation(incident.id)) {
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
  // From here on a resolve or re-plan no longer cancels this step: it runs and records its outcome.
  if (!skip && !deps.escalations.startStep(jobId)) return { kind: "stale", reason: "cancelled meanwhile" };
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

function claim(deps: Deps, incident: Incident, step: StepRecord, at: Date): PageRecord {
  return deps.escalations.claimPage({
    incidentId: incident.id,
    target: step.target,
    stepJobId: step.jobId,
    dedupKey: pageDedupKey(incident.id, step.target),
    at,
  });
}

async function finish(
  deps: Deps,
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
