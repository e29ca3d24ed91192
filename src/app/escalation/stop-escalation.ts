import type { Target } from "../../domain/escalation/escalation-matrix.js";
import type { Incident } from "../../domain/incident/incident.js";
import { BOT_ACTOR } from "../../domain/timeline/timeline-event.js";
import type { PageRecord } from "../../ports/escalation-store.js";
import type { Deps } from "../deps.js";
import { RetryLater } from "./step-attempt.js";

type ResolveDeps = Pick<
  Deps,
  "clock" | "logger" | "timeline" | "outbox" | "escalations" | "pager" | "escalationMessages"
>;

/**
 * On resolve: pending steps are cancelled (record first, then timers), status updates stop, and
 * a job sends PagerDuty's `resolve` for every page still open (`resolveOpenPages`).
 */
export async function stopEscalation(
  deps: Pick<Deps, "clock" | "escalations" | "scheduler">,
  incident: Incident,
): Promise<void> {
  const cancelled = deps.escalations.cancelPending(incident.id, "incident resolved", deps.clock.now());
  await deps.scheduler.cancelSteps(cancelled.map((s) => s.jobId));
  await deps.scheduler.stopStatusUpdates(incident.id);
  await deps.scheduler.resolvePages(incident.id);
}

/**
 * The resolve job: every page PagerDuty took and nobody resolved gets a `resolve`. A transient
 * failure of any page throws `RetryLater` after trying the others; a rerun skips the pages
 * already resolved.
 */
export async function resolveOpenPages(
  deps: ResolveDeps & Pick<Deps, "incidents" | "matrix">,
  incidentId: number,
): Promise<number> {
  return forEachOpenPage(
    deps,
    incidentId,
    (page) => !page.resolvedAt,
    (incident, target, page) => resolvePage(deps, incident, target, page),
  );
}

/**
 * Runs `send` for each page of the incident PagerDuty took (and `open` keeps), one after the
 * other; a `RetryLater` of one is thrown once the others were tried. Returns how many `send`
 * reported done.
 */
export async function forEachOpenPage(
  deps: Pick<Deps, "incidents" | "matrix" | "escalations">,
  incidentId: number,
  open: (page: PageRecord, incident: Incident) => boolean,
  send: (incident: Incident, target: Target, page: PageRecord) => Promise<boolean>,
): Promise<number> {
  const incident = deps.incidents.get(incidentId);
  if (!incident) return 0;
  let retry: RetryLater | null = null;
  let done = 0;
  for (const page of deps.escalations.pages(incident.id)) {
    const target = deps.matrix.targets[page.target];
    if (!page.pagerdutySentAt || !target?.pagerduty || !open(page, incident)) continue;
    try {
      if (await send(incident, target, page)) done++;
    } catch (error) {
      if (!(error instanceof RetryLater)) throw error;
      retry = error;
    }
  }
  if (retry) throw retry;
  return done;
}

/**
 * Sends PagerDuty's `resolve` for one open page and records it. A transient failure throws
 * `RetryLater` (the job runs again, for as long as it takes); when PagerDuty refuses it is a
 * warning in the timeline and the channel, so nobody believes a page is closed when it is not.
 * True when PagerDuty took the resolve.
 */
export async function resolvePage(
  deps: ResolveDeps,
  incident: Incident,
  target: Target,
  page: PageRecord,
  why = "",
): Promise<boolean> {
  if (!target.pagerduty) return false;
  const result = await deps.pager.resolve(target.pagerduty.routingKey, page.dedupKey);
  const at = deps.clock.now();
  if (result.ok) {
    deps.escalations.stampPage(
      page.id,
      { resolvedAt: at },
      {
        incidentId: incident.id,
        kind: "page_resolved",
        occurredAt: at,
        actor: BOT_ACTOR,
        text: `Resolved the PagerDuty page of ${target.name}${why}`,
        data: { target: page.target, dedupKey: page.dedupKey },
      },
    );
    return true;
  }
  if (!result.permanent) {
    throw new RetryLater(`PagerDuty did not take the resolve for ${target.name} (${result.code})`);
  }
  deps.timeline.append({
    incidentId: incident.id,
    kind: "warning",
    occurredAt: at,
    actor: BOT_ACTOR,
    text: `Could not resolve the PagerDuty page of ${target.name} (${result.code}: ${result.message}); resolve it in PagerDuty`,
    data: { target: page.target, code: result.code },
  });
  deps.outbox.add(incident.id, {
    kind: "post",
    message: deps.escalationMessages.resolveFailed(target.name, result.code),
  });
  return false;
}
