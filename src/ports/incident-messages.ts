import type { Incident } from "../domain/incident/incident.js";
import type { Playbook } from "../domain/playbooks/playbook.js";
import type { Report } from "../domain/review/report.js";
import type { TimelineEvent } from "../domain/timeline/timeline-event.js";
import type { ChatMessage } from "./chat.js";
import type { Role } from "./role-store.js";

/** What a drill measured, in milliseconds since the declaration (null: never reached). */
export interface DrillMeasures {
  msToAcknowledge: number | null;
  msToMitigate: number | null;
  msToResolve: number | null;
  /** The playbooks it exercised. */
  playbookIds: string[];
}

export interface RoleChange {
  role: Role;
  userId: string;
  previous: string | null;
  actorUserId: string | null;
}

/** Sections of the weekly review besides the report (each optional). */
export interface WeeklyExtras {
  /** Issue 11: playbooks whose post-incident update is overdue (asked, not confirmed in time). */
  overduePlaybookUpdates?: ReadonlyArray<{
    playbookId: string;
    title: string;
    owner: string;
    incident: Incident;
    askedAt: Date;
  }>;
}

/**
 * The messages the use cases post; implemented by pure Block Kit builders in
 * adapters/slack/blocks, so the use cases hand over data and never write markup.
 */
export interface IncidentMessages {
  intro(incident: Incident): ChatMessage;
  announcement(incident: Incident): ChatMessage;
  /** The declarer's answer: the channel to join, or why there is none (`channelProblem`). */
  declared(incident: Incident, channelProblem: string | null): string;
  statusChanged(incident: Incident, actorUserId: string | null): ChatMessage;
  severityChanged(incident: Incident, from: Incident["severity"], actorUserId: string | null): ChatMessage;
  detailsChanged(incident: Incident, field: "title" | "service", actorUserId: string | null): ChatMessage;
  note(incident: Incident, event: TimelineEvent): ChatMessage;
  /** Posted in the incident channel. */
  roleAssigned(incident: Incident, change: RoleChange): ChatMessage;
  /** The DM to the new role holder: what the role does. */
  roleBriefing(incident: Incident, change: RoleChange): ChatMessage;
  playbookLinked(
    playbook: Playbook,
    url: string,
    opts: { reason: string; lastDrilled: Date | null },
  ): ChatMessage;
  noPlaybookMatches(incident: Incident): ChatMessage;
  drillReport(incident: Incident, drill: DrillMeasures): ChatMessage;
  weeklyReview(
    report: Report,
    incidents: readonly Incident[],
    zone: string,
    extra?: WeeklyExtras,
  ): ChatMessage;
}
