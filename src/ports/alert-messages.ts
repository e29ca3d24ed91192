import type { Incident } from "../domain/incident/incident.js";
import type { AlertGroup, AlertStorm } from "./alert-store.js";
import type { ChatMessage } from "./chat.js";

/** A playbook as an alert message links it. */
export interface AlertPlaybookLink {
  title: string;
  url: string;
}

/** The Slack messages of alerts (built in adapters/slack/blocks/alert-messages.ts). */
export interface AlertMessages {
  /**
   * The triage message: Declare / Attach to INC-n / Dismiss, and Actionable / Noise. `redacted`
   * (a security alert outside its private channel): only that a security alert arrived, its route,
   * count and first/last seen; no name, labels, summary, playbook or link.
   */
  triage(
    group: AlertGroup,
    playbook: AlertPlaybookLink | null,
    open: readonly Incident[],
    redacted?: boolean,
  ): ChatMessage;
  /** One message for an alert storm, listing its groups (a security group without its details). */
  storm(storm: AlertStorm, groups: readonly AlertGroup[], open: readonly Incident[]): ChatMessage;
  /** In the incident channel: the alert that opened it or was attached to it. */
  received(group: AlertGroup, playbook: AlertPlaybookLink | null): ChatMessage;
  /** In the incident channel: many groups (a storm) attached at once, in one message. */
  receivedMany(groups: readonly AlertGroup[]): ChatMessage;
  /** In the incident channel, once: the alert resolved, the incident stays open. */
  resolved(group: AlertGroup): ChatMessage;
  /** A SEV-1/SEV-2 not acknowledged 5 minutes after its first page, naming who was paged. */
  unacknowledged(incident: Incident, paged: readonly string[], afterMs: number): ChatMessage;
}
