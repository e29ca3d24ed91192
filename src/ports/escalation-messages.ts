import type { Incident } from "../domain/incident/incident.js";
import type { ChatMessage } from "./chat.js";

/** How a step ended, as its line in the incident channel says it ("⏫ T+5m: paged CTO (...)"). */
export type StepLine =
  | { outcome: "paged"; elapsed: string; target: string; via: string[] }
  | { outcome: "skipped" | "failed"; elapsed: string; target: string; reason: string };

/**
 * What escalation and comms post in Slack; implemented by pure builders in adapters/slack/blocks.
 * `user` and `channel` are for the texts the app composes itself (the `via` list, template values).
 */
export interface EscalationMessages {
  user(userId: string): string;
  channel(channelId: string): string;
  stepFinished(line: StepLine): ChatMessage;
  replanned(plan: {
    incident: Incident;
    pending: number;
    next: { target: string; elapsed: string } | null;
    cancelled: number;
  }): ChatMessage;
  /** `problem` is the timeline's warning ("PagerDuty refused the page for CTO (...)"). */
  pagerDutyFailed(problem: string, target: string): ChatMessage;
  /** The first transient failure of a page: `problem` is "PagerDuty is failing for X (...); still trying". */
  pagerDutyFailing(problem: string): ChatMessage;
  /** PagerDuty took a page after failing: how many tries it took. */
  pagerDutyDelivered(target: string, tries: number): ChatMessage;
  resolveFailed(target: string, code: string): ChatMessage;
  /** A person's update, in the incident channel. */
  statusUpdate(incident: Incident, text: string, byUserId: string | null): ChatMessage;
  /** A person's update, forwarded to the comms audiences. */
  forwardedUpdate(incident: Incident, text: string, byUserId: string | null): ChatMessage;
  /** A comms rule fired (`what`: "SLA breach projected"); `details` is what the person added. */
  comms(incident: Incident, what: string, details: string | null): ChatMessage;
  /** What comms audiences get instead of a security incident's news. */
  securityNotice(incident: Incident, why: string): ChatMessage;
}
