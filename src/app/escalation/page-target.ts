import type { Target } from "../../domain/escalation/escalation-matrix.js";
import { type Incident, incidentRef } from "../../domain/incident/incident.js";
import { severityLabel } from "../../domain/incident/severity.js";
import { BOT_ACTOR, type NewTimelineEvent, type TimelineKind } from "../../domain/timeline/timeline-event.js";
import type { ChatMessage } from "../../ports/chat.js";
import type { PageRecord } from "../../ports/escalation-store.js";
import type { Deps } from "../deps.js";

const PD_SEVERITY = { sev1: "critical", sev2: "error", sev3: "warning" } as const;

export type PageDeps = Pick<
  Deps,
  | "clock"
  | "logger"
  | "timeline"
  | "outbox"
  | "transaction"
  | "escalations"
  | "pager"
  | "targets"
  | "pageMessage"
  | "escalationMessages"
  | "metrics"
  | "tracer"
>;

/**
 * What one way of reaching a target came to: `via` (it worked, or was done before), `problem`
 * (it did not, for good; already said in the timeline and channel when it is PagerDuty's),
 * `retry` (a transient PagerDuty failure: the step runs again after a backoff), or null (not used).
 */
export type PagePart = { via: string } | { problem: string } | { retry: string; tries: number } | null;

/**
 * PagerDuty's part of a page, skipped when the page row says it went out or was refused. Every
 * try is counted in the page row first. A transient failure asks for a retry, for as long as it
 * takes: the first one says so in the timeline and the channel ("still trying"), later ones say
 * nothing; a delivery after failures says how many tries it took. A 4xx is permanent: said once,
 * stamped, never tried again. `stopped` (the step's `until` was reached, e.g. the incident was
 * resolved) sends nothing new; a page that was being retried records why it stopped trying.
 */
export async function pagePagerDuty(
  deps: PageDeps,
  incident: Incident,
  target: Target,
  page: PageRecord,
  elapsed: string,
  stopped: string | null,
): Promise<PagePart> {
  if (!target.pagerduty) return null;
  if (incident.drill) return { via: "drill: PagerDuty not paged" };
  if (page.pagerdutySentAt) return { via: "PagerDuty" };
  if (page.pagerdutyGaveUpAt) return { problem: `PagerDuty was given up on for ${target.name} earlier` };
  if (stopped) return page.pagerdutyAttempts > 0 ? stopTrying(deps, incident, target, page, stopped) : null;
  const tries = page.pagerdutyAttempts + 1;
  deps.escalations.stampPage(page.id, { pagerdutyAttempts: tries });
  const routingKey = target.pagerduty.routingKey;
  const attributes = { channel: "pagerduty", target: target.id, incident: incidentRef(incident), try: tries };
  const result = await deps.tracer.span("page", attributes, () =>
    deps.pager.trigger({
      routingKey,
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
      details: {
        incident: incidentRef(incident),
        target: target.name,
        elapsed,
        channel: incident.channelName,
      },
    }),
  );
  const at = deps.clock.now();
  const event = (kind: TimelineKind, text: string, data: Record<string, unknown>): NewTimelineEvent => ({
    incidentId: incident.id,
    kind,
    occurredAt: at,
    actor: BOT_ACTOR,
    text,
    data: { target: target.id, tries, ...data },
  });
  deps.metrics[result.ok ? "pageSent" : result.permanent ? "pageFailed" : "pageRetried"](
    "pagerduty",
    target.id,
  );
  if (result.ok) {
    const recovered = page.pagerdutyFailingSince !== null;
    const text = `PagerDuty took the page for ${target.name} after ${tries} tries`;
    deps.escalations.stampPage(page.id, { pagerdutySentAt: at }, recovered ? event("note", text, {}) : null);
    if (recovered) say(deps, incident, deps.escalationMessages.pagerDutyDelivered(target.name, tries));
    return { via: "PagerDuty" };
  }
  const data = { code: result.code, permanent: result.permanent };
  if (result.permanent) {
    const why = `PagerDuty refused the page for ${target.name} (${result.code}: ${result.message})`;
    deps.escalations.stampPage(page.id, { pagerdutyGaveUpAt: at }, event("warning", why, data));
    say(deps, incident, deps.escalationMessages.pagerDutyFailed(why, target.name));
    return { problem: why };
  }
  const failing = `PagerDuty is failing for ${target.name} (${result.code}: ${result.message}); still trying`;
  if (!page.pagerdutyFailingSince) {
    deps.escalations.stampPage(page.id, { pagerdutyFailingSince: at }, event("warning", failing, data));
    say(deps, incident, deps.escalationMessages.pagerDutyFailing(failing));
  }
  return { retry: `${failing} (try ${tries})`, tries };
}

/** A page PagerDuty kept failing that no longer matters: the timeline says why the tries ended. */
function stopTrying(
  deps: PageDeps,
  incident: Incident,
  target: Target,
  page: PageRecord,
  stopped: string,
): PagePart {
  const tries = page.pagerdutyAttempts;
  const why = `Stopped trying to page ${target.name} through PagerDuty after ${tries} tries: ${stopped}`;
  deps.escalations.stampPage(
    page.id,
    { pagerdutyGaveUpAt: deps.clock.now() },
    {
      incidentId: incident.id,
      kind: "warning",
      occurredAt: deps.clock.now(),
      actor: BOT_ACTOR,
      text: why,
      data: { target: target.id, tries, stopped },
    },
  );
  return { problem: why };
}

/** A PagerDuty line in the incident channel, through the outbox (waits for the channel if need be). */
function say(deps: PageDeps, incident: Incident, message: ChatMessage): void {
  deps.outbox.add(incident.id, { kind: "post", message });
}

/** How long a step waits to learn who a target is in Slack before it leaves that to the Slack job. */
const LOOKUP_MS = 2000;

/**
 * Slack's part of a page, as its own job in the incident's Slack outbox: it never waits for
 * PagerDuty, and a failing Slack never delays PagerDuty. Who the target is (user groups, whoever
 * is on call) is looked up now when Slack answers within 2 s, so the channel line names them;
 * otherwise the job looks it up when Slack is back. The job invites them, DMs each and stamps
 * the page.
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
  const via = (users: string[] | null) =>
    users ? `Slack: ${users.map((u) => deps.escalationMessages.user(u)).join(" ")}` : "Slack";
  if (page.slackSentAt || page.slackQueuedAt) return { via: via(page.slackUsers) };
  if (!sendNew) return null;
  const users = await lookUp(deps, incident, target);
  // Nobody to find is only a problem when the matrix promised Slack people.
  if (users?.length === 0) {
    if (!listed) return null;
    deps.metrics.pageFailed("slack", target.id);
    return { problem: `no Slack users found for ${target.name}` };
  }
  deps.transaction(() => {
    deps.outbox.add(incident.id, { kind: "pageSlack", pageId: page.id, target: target.id, elapsed });
    deps.escalations.stampPage(page.id, { slackQueuedAt: deps.clock.now(), slackUsers: users });
  });
  return { via: via(users) };
}

/** The target's Slack users, or null when Slack (or PagerDuty's on-call) did not say within 2 s. */
async function lookUp(deps: PageDeps, incident: Incident, target: Target): Promise<string[] | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), LOOKUP_MS);
  });
  try {
    return await Promise.race([deps.targets.slackUsersFor(target, { drill: incident.drill }), late]);
  } catch (error) {
    deps.logger.warn({ err: error, target: target.id }, "could not look up the target's Slack users now");
    return null;
  } finally {
    clearTimeout(timer);
  }
}
