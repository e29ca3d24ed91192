import type { Incident } from "../../domain/incident/incident.js";
import type { Deps } from "../deps.js";
import { playbookLink, redactedIn } from "./alert-context.js";

export type AlertJob = { kind: "alertTriage"; groupId: number } | { kind: "alertStorm"; stormId: number };
export type AlertJobDeps = Pick<
  Deps,
  "alerts" | "alertMessages" | "chat" | "playbooks" | "incidents" | "matrix"
>;

/** Open, non-drill, non-security incidents: what an alert may be attached to from a public channel. */
export const attachable = (deps: Pick<Deps, "incidents">): Incident[] =>
  deps.incidents
    .list()
    .filter((i) => i.status !== "resolved" && !i.drill && !i.security)
    .slice(-100);

/**
 * Posts the triage (or storm) message the first time, edits it afterwards: rendered from the
 * record when it runs, so a burst of repeats ends in one message showing the last count.
 */
export async function runAlertJob(deps: AlertJobDeps, job: AlertJob): Promise<void> {
  if (job.kind === "alertTriage") {
    const group = deps.alerts.group(job.groupId);
    if (!group?.messageChannel) return;
    const redacted = redactedIn(deps, group);
    const message = deps.alertMessages.triage(
      group,
      redacted ? null : playbookLink(deps, group),
      attachable(deps),
      redacted,
    );
    if (group.messageTs) return deps.chat.update(group.messageChannel, group.messageTs, message);
    const { ts } = await deps.chat.post(group.messageChannel, message);
    deps.alerts.updateGroup(group.id, { messageTs: ts });
    return;
  }
  const storm = deps.alerts.storm(job.stormId);
  if (!storm) return;
  const message = deps.alertMessages.storm(storm, deps.alerts.groupsOfStorm(storm.id), attachable(deps));
  if (storm.messageTs) return deps.chat.update(storm.channel, storm.messageTs, message);
  const { ts } = await deps.chat.post(storm.channel, message);
  deps.alerts.updateStorm(storm.id, { messageTs: ts });
}
