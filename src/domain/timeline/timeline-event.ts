/** Kinds of IMOC log (timeline) entries. Stored as text; add, never rename. */
export const TIMELINE_KINDS = [
  "declared",
  "channel_created",
  "acknowledged",
  "mitigated",
  "resolved",
  "severity_changed",
  "note",
  "status_update",
  "role_assigned",
  "page_sent",
  "page_skipped",
  "page_failed",
  "page_acknowledged",
  "page_resolved",
  "comms_sent",
  "playbook_linked",
  "message_recorded",
  "message_revised",
  "message_deleted",
  "correction",
  "warning",
  "details_changed",
  /** imoc sent PagerDuty `acknowledge` for a page (after an acknowledgement in Slack). */
  "page_ack_sent",
  /** A customer-facing update went out on the public status page (`GET /status`). */
  "status_page_published",
  // issue 11: follow-ups and the post-incident review loop back to the playbooks
  "followup_added",
  "followup_done",
  "review_requested",
  "playbook_review_requested",
  "playbook_review_reminded",
  "playbook_reviewed",
  /** A file of a recorded message was copied (chain of custody): its SHA-256 is in data. */
  "evidence_preserved",
  /** issue 10: an alert (Alertmanager group, PagerDuty incident) arrived for this incident. */
  "alert_received",
  /** issue 10: the alert resolved (the incident stays open). */
  "alert_resolved",
  /** issue 10: a SEV-1/SEV-2 not acknowledged 5 minutes after its first page was said in its channel. */
  "unacknowledged",
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Who did it: `slack:U123`, `pagerduty:<agent>` or `bot`. */
export type Actor = string;
export const BOT_ACTOR: Actor = "bot";
export const slackActor = (userId: string): Actor => `slack:${userId}`;

export interface TimelineSource {
  channelId: string;
  messageTs: string;
  permalink?: string | null;
}

export interface NewTimelineEvent {
  incidentId: number;
  kind: TimelineKind;
  occurredAt: Date;
  actor: Actor;
  text: string;
  data?: Record<string, unknown>;
  source?: TimelineSource | null;
}

export interface TimelineEvent extends NewTimelineEvent {
  id: number;
  /** Per-incident sequence number, starting at 1. */
  seq: number;
  recordedAt: Date;
  data: Record<string, unknown>;
  /** Chain of custody (see timeline-chain.ts); empty for events recorded before the chain existed. */
  prevHash?: string;
  hash?: string;
}
