import type { Target } from "../../domain/escalation/escalation-matrix.js";
import { type Incident, incidentRef } from "../../domain/incident/incident.js";
import { severityLabel } from "../../domain/incident/severity.js";
import { BOT_ACTOR } from "../../domain/timeline/timeline-event.js";
import type { PageRecord } from "../../ports/escalation-store.js";
import type { Deps } from "../deps.js";
import { resolvePage } from "./stop-escalation.js";

const PD_SEVERITY = { sev1: "critical", sev2: "error", sev3: "warning" } as const;

/**
 * The two ways a target is reached. Each skips what its stamp on the page row says is done, and
 * adds to `via` (what worked) or `problems` (what did not) for the step's outcome.
 */
export async function pagePagerDuty(
  deps: Deps,
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
    // Resolved while this page was in flight: the resolve pass may have missed it, so close it here.
    const fresh = deps.escalations.pageByDedupKey(page.dedupKey);
    if (deps.incidents.get(incident.id)?.status === "resolved" && !fresh?.resolvedAt) {
      await resolvePage(deps, incident, target, page, " (it went out as the incident was resolved)");
    }
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

export async function pageSlack(
  deps: Deps,
  incident: Incident,
  target: Target,
  page: PageRecord,
  via: string[],
  problems: string[],
  elapsed: string,
): Promise<void> {
  const listed = target.slack.users.length > 0 || target.slack.usergroups.length > 0;
  // A PagerDuty-only target still reaches Slack through whoever its schedule says is on call.
  const onCall =
    !incident.drill && Boolean(target.pagerduty?.scheduleId || target.pagerduty?.escalationPolicyId);
  if (!listed && !onCall) return;
  if (page.slackSentAt) return void via.push("Slack");
  try {
    const users = await deps.targets.slackUsersFor(target, { drill: incident.drill });
    if (users.length === 0) {
      // Nobody to find is only a problem when the matrix promised Slack people.
      if (listed) problems.push(`no Slack users found for ${target.name}`);
      return;
    }
    if (incident.channelId) await deps.chat.invite(incident.channelId, users);
    for (const user of users)
      await deps.chat.directMessage(user, deps.pageMessage(incident, target.name, elapsed));
    deps.escalations.stampPage(page.id, { slackSentAt: deps.clock.now() });
    via.push(`Slack: ${users.map((u) => `<@${u}>`).join(" ")}`);
  } catch (error) {
    problems.push(`Slack: ${error instanceof Error ? error.message : String(error)}`);
  }
}
