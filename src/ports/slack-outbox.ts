import type { ChatMessage } from "./chat.js";

/**
 * Slack work of one incident, as data. Jobs that show the incident (`topic`, `intro`,
 * `announcement`, `declarerReply`) are rendered from the record when they run, so they show it as
 * it is then, not as it was when queued. "The incident channel" is resolved when the job runs:
 * jobs queued before the channel exists wait for `openChannel`, which comes first in the lane.
 */
export type SlackJob =
  | { kind: "openChannel" }
  | { kind: "topic" }
  | { kind: "intro" }
  | { kind: "announcement"; channel: string }
  | { kind: "invite"; users: string[] }
  /** To the incident channel, or to `channel` when given. `failure`: recorded in the timeline if it fails for good. */
  | { kind: "post"; message: ChatMessage; channel?: string; failure?: string }
  /** The declaration comms (comms-declared.md) to `channel`, rendered when it runs: it names the incident channel. */
  | { kind: "declaredComms"; channel: string; why: string; details: string | null; failure?: string }
  /** `secret`: the message carries a secret (a sign-in link); the record keeps it only until the job is finished. */
  | { kind: "dm"; user: string; message: ChatMessage; secret?: true }
  | { kind: "bookmark"; title: string; link: string; emoji?: string }
  /** The Slack half of a page: invite the target's people and DM each; stamped on the page row. */
  | { kind: "pageSlack"; pageId: number; target: string; elapsed: string }
  /** "Declared INC-n, join #channel" to the declarer: through the slash command's response_url, else a DM. */
  | { kind: "declarerReply"; user: string; responseUrl: string | null }
  /** Chain of custody: download a file of recorded message #seq and keep a copy by its SHA-256. */
  | { kind: "copyEvidence"; seq: number; fileId: string; name: string; addedBy: string }
  /** issue 10: the triage message of an alert group, or the one message of an alert storm (posted, then edited). */
  | { kind: "alertTriage"; groupId: number }
  | { kind: "alertStorm"; stormId: number };

export interface QueuedSlackJob {
  id: number;
  lane: string;
  incidentId: number | null;
  job: SlackJob;
  /** Runs so far, this one included. */
  attempts: number;
  createdAt: Date;
  /** The correlation id of the request or job that queued it (its log lines carry it too). */
  correlationId?: string;
}

/**
 * The durable Slack outbox the use cases write to. `add` is synchronous (a row in the record),
 * so it can sit in the transaction of the change that caused it; the dispatcher sends it, in
 * order per incident, retrying while Slack fails.
 */
/**
 * Jobs that render their message from the record when they run (an alert group's or storm's
 * triage message, posted then edited): adding one while the same job waits, not yet taken, adds
 * nothing, since the waiting one will show the latest state. A repeat storm is one edit, not 200.
 */
export const REFRESH_KINDS: ReadonlySet<SlackJob["kind"]> = new Set(["alertTriage", "alertStorm"]);

export interface SlackOutbox {
  add(incidentId: number | null, ...jobs: SlackJob[]): void;
}

/** The outbox's jobs still to send, as the metrics read them at scrape time. */
export interface SlackBacklog {
  /** Pending jobs that have not failed yet. */
  pending: number;
  /** Pending jobs that failed at least once and wait for their next try. */
  failing: number;
  /** When the oldest pending job was queued; null when none is pending. */
  oldestQueuedAt: Date | null;
}
