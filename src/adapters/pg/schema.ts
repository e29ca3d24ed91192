/**
 * The record's PostgreSQL schema (DATABASE_URL=postgres://...): the same tables, columns and keys as
 * the SQLite schema (src/adapters/db/schema.ts), so `npm run db:move` copies row for row. JSON
 * columns stay `text` holding the JSON exactly as written (the hash chain covers event data, and
 * jsonb would reorder its keys). Migrations: `npm run db:generate:pg` into migrations/pg.
 */
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/** Times are `timestamptz` to the millisecond: exactly what a JavaScript Date (and SQLite's integer ms) holds. */
const ms = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: "date" });

export const incidents = pgTable(
  "incidents",
  {
    // The sequential incident number people say out loud ("INC-42").
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    title: text("title").notNull(),
    description: text("description"),
    severity: text("severity", { enum: ["sev1", "sev2", "sev3"] }).notNull(),
    security: boolean("security").notNull().default(false),
    // Game-day drills run the full flow but never page through PagerDuty and stay out of reports.
    drill: boolean("drill").notNull().default(false),
    service: text("service"),
    status: text("status", { enum: ["declared", "acknowledged", "mitigated", "resolved"] })
      .notNull()
      .default("declared"),
    channelId: text("channel_id"),
    channelName: text("channel_name"),
    declaredBy: text("declared_by").notNull(),
    commander: text("commander"),
    declaredAt: ms("declared_at").notNull(),
    acknowledgedAt: ms("acknowledged_at"),
    mitigatedAt: ms("mitigated_at"),
    resolvedAt: ms("resolved_at"),
    resolutionSummary: text("resolution_summary"),
    createdAt: ms("created_at").notNull().defaultNow(),
    updatedAt: ms("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("incidents_channel_id_unique").on(t.channelId),
    index("incidents_status_idx").on(t.status),
  ],
);

export const timelineEvents = pgTable(
  "timeline_events",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id),
    seq: integer("seq").notNull(),
    occurredAt: ms("occurred_at").notNull(),
    recordedAt: ms("recorded_at").notNull(),
    kind: text("kind").notNull(),
    actor: text("actor").notNull(),
    text: text("text").notNull(),
    data: text("data").notNull().default("{}"),
    sourceChannelId: text("source_channel_id"),
    sourceMessageTs: text("source_message_ts"),
    sourcePermalink: text("source_permalink"),
    // Chain of custody: SHA-256 of the canonical form (domain/timeline-chain.ts), which includes
    // the previous event's hash, so changing any row by hand breaks every hash after it.
    prevHash: text("prev_hash").notNull().default(""),
    hash: text("hash").notNull().default(""),
  },
  (t) => [
    uniqueIndex("timeline_events_incident_seq_unique").on(t.incidentId, t.seq),
    index("timeline_events_incident_occurred_idx").on(t.incidentId, t.occurredAt),
    index("timeline_events_source_idx").on(t.sourceChannelId, t.sourceMessageTs),
  ],
);

/** One row per incident: the current plan generation. A job of an older generation does nothing. */
export const escalations = pgTable("escalations", {
  incidentId: integer("incident_id")
    .primaryKey()
    .references(() => incidents.id),
  generation: integer("generation").notNull(),
  t0: ms("t0").notNull(),
  severity: text("severity").notNull(),
});

/** Every planned step of every generation, so `/incident escalation` can show what happened. */
export const escalationSteps = pgTable(
  "escalation_steps",
  {
    jobId: text("job_id").primaryKey(),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id),
    generation: integer("generation").notNull(),
    idx: integer("idx").notNull(),
    target: text("target").notNull(),
    until: text("until").notNull(),
    dueAt: ms("due_at").notNull(),
    state: text("state", {
      enum: ["pending", "running", "paged", "skipped", "failed", "cancelled"],
    }).notNull(),
    reason: text("reason"),
    finishedAt: ms("finished_at"),
    /** While a run holds the step (state `running`), nobody else runs it until this passes. */
    leaseUntil: ms("lease_until"),
  },
  (t) => [
    index("escalation_steps_incident_idx").on(t.incidentId, t.generation),
    index("escalation_steps_state_idx").on(t.state),
  ],
);

/**
 * A page of one target for one incident. The unique (incident, target) row is claimed before
 * anything is sent, and each channel's success is stamped, so a step that crashed mid-run and
 * runs again never pages a target twice.
 */
export const pages = pgTable(
  "pages",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id),
    target: text("target").notNull(),
    stepJobId: text("step_job_id").notNull(),
    dedupKey: text("dedup_key").notNull(),
    claimedAt: ms("claimed_at").notNull(),
    pagerdutySentAt: ms("pagerduty_sent_at"),
    slackSentAt: ms("slack_sent_at"),
    /** The Slack half was queued in the outbox (it stamps `slack_sent_at` once sent). */
    slackQueuedAt: ms("slack_queued_at"),
    /** Who the Slack half reaches (resolved when it was queued; null: resolved when it runs). */
    slackUsers: text("slack_users"),
    acknowledgedAt: ms("acknowledged_at"),
    resolvedAt: ms("resolved_at"),
    /** PagerDuty attempts so far (delivered or not); "delivered after N tries" comes from here. */
    pagerdutyAttempts: integer("pagerduty_attempts").notNull().default(0),
    /** First transient PagerDuty failure: the channel is told "still trying" once. */
    pagerdutyFailingSince: ms("pagerduty_failing_since"),
    /** PagerDuty refused it for good (4xx): no more attempts. */
    pagerdutyGaveUpAt: ms("pagerduty_gave_up_at"),
    /** An acknowledgement in Slack was sent to PagerDuty (`acknowledge` event). */
    pagerdutyAckedAt: ms("pagerduty_acked_at"),
  },
  (t) => [
    uniqueIndex("pages_incident_target_unique").on(t.incidentId, t.target),
    uniqueIndex("pages_dedup_key_unique").on(t.dedupKey),
  ],
);

/** Comms lead and scribe (the commander is `incidents.commander`); one holder per role. */
export const incidentRoles = pgTable(
  "incident_roles",
  {
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id),
    role: text("role", { enum: ["commander", "comms", "scribe"] }).notNull(),
    userId: text("user_id").notNull(),
    assignedAt: ms("assigned_at").notNull(),
  },
  (t) => [uniqueIndex("incident_roles_incident_role_unique").on(t.incidentId, t.role)],
);

/** One row per playbook exercised by a resolved drill: the playbook's "last drilled". */
export const drillRecords = pgTable(
  "drill_records",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id),
    playbookId: text("playbook_id"),
    drilledAt: ms("drilled_at").notNull(),
    msToAcknowledge: bigint("ms_to_acknowledge", { mode: "number" }),
    msToMitigate: bigint("ms_to_mitigate", { mode: "number" }),
  },
  (t) => [index("drill_records_playbook_idx").on(t.playbookId, t.drilledAt)],
);

/**
 * The Slack outbox: every Slack write of an incident (channel, topic, invites, messages, DMs,
 * bookmarks) as a durable job, committed with the change that caused it. One lane (the
 * incident) runs in order, one job at a time; a failing Slack delays the lane, never the pages.
 */
export const slackJobs = pgTable(
  "slack_jobs",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    lane: text("lane").notNull(),
    incidentId: integer("incident_id").references(() => incidents.id),
    kind: text("kind").notNull(),
    payload: text("payload").notNull(),
    state: text("state", { enum: ["pending", "done", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAt: ms("next_at").notNull(),
    leaseUntil: ms("lease_until"),
    lastError: text("last_error"),
    createdAt: ms("created_at").notNull(),
    doneAt: ms("done_at"),
  },
  (t) => [index("slack_jobs_pending_idx").on(t.state, t.lane, t.id)],
);

/** Inbound Slack requests already processed (trigger id, event id ...): a retry or replay is ignored. */
export const inboundRequests = pgTable("inbound_requests", {
  key: text("key").primaryKey(),
  receivedAt: ms("received_at").notNull(),
});

// --- issue 11: the public status page
/**
 * Customer-facing updates published to `GET /status` (and its JSON and Atom), exactly as a person
 * wrote them. Nothing reaches the page except these rows; each one is also a timeline event.
 */
export const statusPublications = pgTable(
  "status_publications",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id),
    publishedAt: ms("published_at").notNull(),
    state: text("state", { enum: ["investigating", "identified", "monitoring", "resolved"] }).notNull(),
    impact: text("impact", { enum: ["major_outage", "degraded_performance", "minor"] }).notNull(),
    components: text("components").notNull(),
    text: text("text").notNull(),
    publishedBy: text("published_by").notNull(),
  },
  (t) => [index("status_publications_incident_idx").on(t.incidentId, t.publishedAt)],
);

// --- issue 11: follow-ups (action items with owner and due date) and playbook reviews

/** Action items of an incident; each change is also a timeline event of the incident. */
export const followups = pgTable(
  "followups",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id),
    text: text("text").notNull(),
    owner: text("owner").notNull(),
    /** `YYYY-MM-DD`, a day in the team's zone (text sorts like the date). */
    dueOn: text("due_on"),
    status: text("status", { enum: ["open", "done"] })
      .notNull()
      .default("open"),
    createdBy: text("created_by").notNull(),
    createdAt: ms("created_at").notNull(),
    doneAt: ms("done_at"),
    doneBy: text("done_by"),
  },
  (t) => [
    index("followups_incident_idx").on(t.incidentId),
    index("followups_owner_status_idx").on(t.owner, t.status),
  ],
);

/** One row per weekly overdue digest sent: a rerun of the same week's job sends nothing. */
export const followupDigests = pgTable("followup_digests", {
  week: text("week").primaryKey(),
  sentAt: ms("sent_at").notNull(),
});

/**
 * A linked playbook's owner asked to update it after a SEV-1/SEV-2 was resolved; reminded once at
 * `remind_at` unless confirmed first.
 */
export const playbookReviews = pgTable(
  "playbook_reviews",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id),
    playbookId: text("playbook_id").notNull(),
    owner: text("owner").notNull(),
    askedAt: ms("asked_at").notNull(),
    remindAt: ms("remind_at").notNull(),
    remindedAt: ms("reminded_at"),
    confirmedAt: ms("confirmed_at"),
    confirmedBy: text("confirmed_by"),
  },
  (t) => [
    uniqueIndex("playbook_reviews_incident_playbook_unique").on(t.incidentId, t.playbookId),
    index("playbook_reviews_open_idx").on(t.confirmedAt, t.remindAt),
  ],
);

// --- issue 12: the incident console (sign-in links and sessions)
/** One-time sign-in links sent by `/incident console`: stored as SHA-256 of the token, used once. */
export const consoleLoginTokens = pgTable("console_login_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  userId: text("user_id").notNull(),
  createdAt: ms("created_at").notNull(),
  expiresAt: ms("expires_at").notNull(),
  usedAt: ms("used_at"),
});

/** Console sessions: the cookie holds the secret, the record its SHA-256 and the CSRF token. */
export const consoleSessions = pgTable(
  "console_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id").notNull(),
    role: text("role", { enum: ["viewer", "responder", "admin"] }).notNull(),
    csrf: text("csrf").notNull(),
    createdAt: ms("created_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
  },
  (t) => [index("console_sessions_expires_idx").on(t.expiresAt)],
);

// --- issue 15: chain of custody (signed checkpoints of the IMOC log, who read security incidents)

/** A signed head of an incident's IMOC log; `entries` is the history it covers (seq, kind, hash). */
export const checkpoints = pgTable(
  "checkpoints",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id),
    eventCount: integer("event_count").notNull(),
    headHash: text("head_hash").notNull(),
    eventsDigest: text("events_digest").notNull(),
    entries: text("entries").notNull(),
    signedAt: ms("signed_at").notNull(),
    keyId: text("key_id"),
    signature: text("signature"),
    reason: text("reason").notNull(),
  },
  (t) => [index("checkpoints_incident_idx").on(t.incidentId, t.id)],
);

/** Reads of security incidents (API, console): who saw what, when. */
export const accessLog = pgTable(
  "access_log",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id),
    who: text("who").notNull(),
    what: text("what").notNull(),
    via: text("via").notNull(),
    at: ms("at").notNull(),
  },
  (t) => [index("access_log_incident_idx").on(t.incidentId, t.at)],
);

// --- issue 10: alerts in (alert groups, storms, actionability answers)

/** One row per Alertmanager group key or PagerDuty incident: repeats bump the count. */
export const alertGroups = pgTable(
  "alert_groups",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    source: text("source", { enum: ["alertmanager", "pagerduty"] }).notNull(),
    groupKey: text("group_key").notNull(),
    status: text("status", { enum: ["firing", "resolved"] }).notNull(),
    alertname: text("alertname").notNull(),
    title: text("title").notNull(),
    labels: text("labels").notNull(),
    route: text("route"),
    mode: text("mode", { enum: ["declare", "triage", "storm"] }).notNull(),
    severity: text("severity", { enum: ["sev1", "sev2", "sev3", "security"] }).notNull(),
    service: text("service"),
    playbookId: text("playbook_id"),
    link: text("link"),
    count: integer("count").notNull().default(1),
    firstSeen: ms("first_seen").notNull(),
    lastSeen: ms("last_seen").notNull(),
    resolvedAt: ms("resolved_at"),
    incidentId: integer("incident_id").references(() => incidents.id),
    messageChannel: text("message_channel"),
    messageTs: text("message_ts"),
    stormId: integer("storm_id"),
    dismissedBy: text("dismissed_by"),
    dismissedAt: ms("dismissed_at"),
  },
  (t) => [
    uniqueIndex("alert_groups_key_unique").on(t.source, t.groupKey),
    index("alert_groups_first_seen_idx").on(t.firstSeen),
    index("alert_groups_incident_idx").on(t.incidentId),
  ],
);

/** An alert storm: one triage message listing every new group while it lasts. */
export const alertStorms = pgTable("alert_storms", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  channel: text("channel").notNull(),
  messageTs: text("message_ts"),
  startedAt: ms("started_at").notNull(),
  lastAt: ms("last_at").notNull(),
});

/** Actionable / Noise answers: one per person and alert group (or paged incident), changeable. */
export const alertFeedback = pgTable(
  "alert_feedback",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    subject: text("subject").notNull(),
    incidentId: integer("incident_id").references(() => incidents.id),
    groupId: integer("group_id").references(() => alertGroups.id),
    userId: text("user_id").notNull(),
    verdict: text("verdict", { enum: ["actionable", "noise"] }).notNull(),
    alertname: text("alertname"),
    playbookId: text("playbook_id"),
    security: boolean("security").notNull().default(false),
    answeredAt: ms("answered_at").notNull(),
  },
  (t) => [
    uniqueIndex("alert_feedback_subject_user_unique").on(t.subject, t.userId),
    index("alert_feedback_answered_idx").on(t.answeredAt),
  ],
);
