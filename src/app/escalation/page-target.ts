import type { Target } from "../../domain/escalation/escalation-matrix.js";
import { type Incident, incidentRef } from "../../domain/incident/incident.js";
import { severityLabel } from "../../domain/incident/severity.js";
import { BOT_ACTOR } from "../../domain/timeline/timeline-event.js";
import type { PageRecord } from "../../ports/escalation-store.js";
import type { Deps } from "../deps.js";
import type { StepAttempt } from "./step-attempt.js";

const PD_SEVERITY = { sev1: "critical", sev2: "error", sev3: "warning" } as const;

export type PageDeps = Pick<
  Deps,
  | "clock"
  | "logger"
  | "timeline"
  | "chat"
  | "outbox"
  | "transaction"
  | "escalations"
  | "pager"
  | "targets"
  | "pageMessage"
  | "escalationMessages"
>;

/**
 * What one way of reaching a target came to: `via` (it worked, or was done before), `problem`
 * (it did not; already said in the timeline and channel when it is PagerDuty's), `retry` (a
 * transient PagerDuty failure before the final attempt: nothing said yet), or null (not used).
 */
export type PagePart = { via: string } | { problem: string } | { retry: string } | null;

/**
 * PagerDuty's part of a page, skipped when the page row says it went out. `sendNew: false` (the
 * step's `until` was reached during a retry) sends nothing that was not sent already.
 */
export async function pagePagerDuty(
  deps: PageDeps,
  incident: Incident,
  target: Target,
  page: PageRecord,
  elapsed: string,
  run: StepAttempt & { sendNew: boolean },
): Promise<PagePart> {
  if (!target.pagerduty) return null;
  if (incident.drill) return { via: "drill: PagerDuty not paged" };
  if (page.pagerdutySentAt) return { via: "PagerDuty" };
  if (!run.sendNew) return null;
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
    return { via: "PagerDuty" };
  }
  const why = `PagerDuty ${result.permanent ? "refused" : "did not take"} the page for ${target.name} (${result.code}: ${result.message}) after ${run.attempt} attempt(s)`;
  if (!result.permanent && !run.finalAttempt) return { retry: why };
  deps.timeline.append({
    incidentId: incident.id,
    kind: "warning",
    occurredAt: deps.clock.now(),
    actor: BOT_ACTOR,
    text: why,
    data: { target: target.id, code: result.code, permanent: result.permanent, attempts: run.attempt },
  });
  if (incident.channelId) {
    await deps.chat
      .post(incident.channelId, deps.escalationMessages.pagerDutyFailed(why, target.name))
      .catch((error: unknown) => deps.logger.warn({ err: error }, "could not post the PagerDuty warning"));
  }
  return { problem: why };
}

/**
 * Slack's part of a page, as its own job in the incident's Slack outbox: it never waits for
 * PagerDuty, and a failing Slack never delays PagerDuty. The outbox job finds the people
 * (user groups, whoever is on call), invites them, DMs each and stamps the page.
 */
export async function pageSlack(
  deps: PageDeps,
  incident: Incident,
  target: Target,
  page: PageRecord,
  elapsed: string,
  sendNew: boolean,
): Promise<PagePart> {
  const listed = target.slack.users.length > 0 || target.slack.usergroups.length > 0;
  // A PagerDuty-only target still reaches Slack through whoever its schedule says is on call.
  const onCall =
    !incident.drill && Boolean(target.pagerduty?.scheduleId || target.pagerduty?.escalationPolicyId);
  if (!listed && !onCall) return null;
  const known = target.slack.users.map((u) => deps.escalationMessages.user(u)).join(" ");
  const via = known ? `Slack: ${known}` : "Slack";
  if (page.slackSentAt || page.slackQueuedAt) return { via };
  if (!sendNew) return null;
  deps.transaction(() => {
    deps.outbox.add(incident.id, { kind: "pageSlack", pageId: page.id, target: target.id, elapsed });
    deps.escalations.stampPage(page.id, { slackQueuedAt: deps.clock.now() });
  });
  return { via };
}
