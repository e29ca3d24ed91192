import type { Target } from "../../domain/escalation/escalation-matrix.js";
import { pageDedupKey, untilReached } from "../../domain/escalation/escalation-plan.js";
import { type Incident, STATUS_LABELS } from "../../domain/incident/incident.js";
import { formatDuration } from "../../domain/time/duration.js";
import { BOT_ACTOR, type TimelineKind } from "../../domain/timeline/timeline-event.js";
import type { StepLine } from "../../ports/escalation-messages.js";
import type { PageRecord, StepRecord } from "../../ports/escalation-store.js";
import type { Deps } from "../deps.js";
import { type PageDeps, pagePagerDuty, pageSlack } from "./page-target.js";
import { RetryLater } from "./step-attempt.js";
import { resolvePage } from "./stop-escalation.js";

export type StepOutcome =
  | { kind: "paged"; target: string; via: string[] }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; reason: string }
  | { kind: "stale"; reason: string };

type StepDeps = PageDeps & Pick<Deps, "incidents" | "matrix">;

/** How long a run holds its step: longer than one PagerDuty try (10 s timeout) and its bookkeeping. */
const STEP_LEASE_MS = 15_000;

/**
 * A step's timer fired. Checks the current state first (plan generation, resolved, `until`,
 * target already paged), then pages. Safe to run again: the page row is claimed before anything
 * is sent and each channel is stamped once it succeeded, so a rerun only does what is missing.
 * (Between PagerDuty's 202 and the stamp a crash can resend the trigger; it carries the same
 * dedup key, so PagerDuty folds it into the same alert.) The Slack part and the PagerDuty part run
 * side by side, so neither waits for the other. A transient PagerDuty failure throws `RetryLater`
 * (with the page's tries so far) and the step stays `running`, its Slack part stamped: the caller
 * runs it again after `pagerDutyRetryDelayMs(tries)`, for as long as it takes. Each rerun checks
 * first: resolved (or `until` reached), or the step finished or cancelled meanwhile, ends the tries.
 * The step finishes (`paged`, its "Paged X (PagerDuty, Slack: ...)" line) once PagerDuty took the
 * page, refused it (4xx), or the tries ended.
 */
export async function runEscalationStep(deps: StepDeps, jobId: string): Promise<StepOutcome> {
  try {
    return await deps.tracer.span("escalation step", { job: jobId }, () => runStep(deps, jobId));
  } catch (error) {
    // This run gives the step back (to be tried again): the next run may take it at once.
    if (error instanceof RetryLater && !busy(error)) deps.escalations.releaseStep(jobId);
    throw error;
  }
}

const BUSY = "the step is running elsewhere";
const busy = (error: RetryLater) => error.message === BUSY;

async function runStep(deps: StepDeps, jobId: string): Promise<StepOutcome> {
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
  // The timer fired: how late, once per step (a rerun of a running step is not a new firing).
  if (step.state === "pending") deps.metrics.escalationFired((now.getTime() - step.dueAt.getTime()) / 1000);
  const reached = untilReached(incident.status, step.until);
  // A rerun whose page went partly out finishes that page even if `until` was reached meanwhile.
  const begun =
    step.state === "running" &&
    deps.escalations
      .pages(incident.id)
      .some((p) => p.stepJobId === jobId && (p.pagerdutySentAt || p.slackSentAt || p.pagerdutyAttempts > 0));
  let skip: string | null = null;
  if (!target) skip = `target "${step.target}" is no longer in the escalation matrix`;
  else if (reached && !begun) {
    skip = `incident ${STATUS_LABELS[incident.status].toLowerCase()} before the step was due (until ${step.until})`;
  }
  // From here on a resolve or re-plan no longer cancels this step: it runs and records its outcome.
  if (!skip && !deps.escalations.startStep(jobId, { at: now, ms: STEP_LEASE_MS })) {
    // Another run holds it (the in-process 0-minute run, or one whose process died: its lease
    // runs out): try again later rather than page at the same time or leave it unfinished.
    if (deps.escalations.step(jobId)?.state === "running") throw new RetryLater(BUSY);
    return { kind: "stale", reason: "cancelled meanwhile" };
  }
  const page = target && !skip ? claim(deps, incident, step, now) : null;
  if (page && page.stepJobId !== jobId) {
    skip = `already paged at T+${formatDuration(page.claimedAt.getTime() - incident.declaredAt.getTime())}`;
  }
  if (skip || !page || !target) {
    const reason = skip ?? "nothing to page";
    await finish(deps, incident, step, { outcome: "skipped", elapsed, target: name, reason }, "page_skipped");
    return { kind: "skipped", reason };
  }

  // Once `until` is reached a rerun sends nothing new: it only records what went out.
  const stopped = reached ? `the incident is ${STATUS_LABELS[incident.status].toLowerCase()}` : null;
  const parts = await Promise.all([
    pagePagerDuty(deps, incident, target, page, elapsed, stopped),
    pageSlack(deps, incident, target, page, elapsed, !reached),
  ]);
  for (const part of parts) {
    if (part && "retry" in part) {
      deps.logger.warn({ incidentId: incident.id, jobId, tries: part.tries }, part.retry);
      throw new RetryLater(part.retry, part.tries);
    }
  }
  await closeIfResolved(deps, incident, target, page);
  const via = parts.flatMap((p) => (p && "via" in p ? [p.via] : []));
  const problems = parts.flatMap((p) => (p && "problem" in p ? [p.problem] : []));

  if (via.length === 0) {
    const reason = problems.join("; ") || "the target has no PagerDuty key and no Slack users";
    await finish(deps, incident, step, { outcome: "failed", elapsed, target: name, reason }, "page_failed");
    return { kind: "failed", reason };
  }
  await finish(
    deps,
    incident,
    step,
    { outcome: "paged", elapsed, target: name, via },
    "page_sent",
    problems.join("; ") || null,
  );
  return { kind: "paged", target: step.target, via };
}

/** Resolved while this page was in flight: the resolve pass may have missed it, so close it here. */
async function closeIfResolved(
  deps: StepDeps,
  incident: Incident,
  target: Target,
  page: PageRecord,
): Promise<void> {
  const fresh = deps.escalations.pageByDedupKey(page.dedupKey);
  if (!fresh?.pagerdutySentAt || fresh.resolvedAt) return;
  if (deps.incidents.get(incident.id)?.status !== "resolved") return;
  await resolvePage(deps, incident, target, fresh, " (it went out as the incident was resolved)");
}

function claim(deps: StepDeps, incident: Incident, step: StepRecord, at: Date): PageRecord {
  return deps.escalations.claimPage({
    incidentId: incident.id,
    target: step.target,
    stepJobId: step.jobId,
    dedupKey: pageDedupKey(incident.id, step.target),
    at,
  });
}

const RECORDED = { skipped: "Skipped", failed: "Could not page" } as const;

async function finish(
  deps: StepDeps,
  incident: Incident,
  step: StepRecord,
  line: StepLine,
  kind: TimelineKind,
  problems: string | null = null,
): Promise<void> {
  const now = deps.clock.now();
  const reason = line.outcome === "paged" ? problems : line.reason;
  const finished = deps.escalations.finishStep(
    step.jobId,
    { state: line.outcome, reason, at: now },
    {
      incidentId: incident.id,
      kind,
      occurredAt: now,
      actor: BOT_ACTOR,
      // The channel line without its icon and T+ (the event has its own time): "Paged CTO (…)".
      text:
        line.outcome === "paged"
          ? `Paged ${line.target} (${line.via.join(", ")})`
          : `${RECORDED[line.outcome]} ${line.target}: ${line.reason}`,
      data: {
        target: step.target,
        jobId: step.jobId,
        generation: step.generation,
        dueAt: step.dueAt.toISOString(),
        msLate: now.getTime() - step.dueAt.getTime(),
        reason,
        ...(line.outcome === "paged" ? { via: line.via } : {}),
      },
    },
  );
  if (finished)
    deps.outbox.add(incident.id, { kind: "post", message: deps.escalationMessages.stepFinished(line) });
}
