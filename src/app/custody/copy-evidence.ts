import type { Incident } from "../../domain/incident/incident.js";
import { BOT_ACTOR, type TimelineEvent } from "../../domain/timeline/timeline-event.js";
import type { SlackJob } from "../../ports/slack-outbox.js";
import type { Deps } from "../deps.js";

type CopyJob = Extract<SlackJob, { kind: "copyEvidence" }>;

/** Evidence is kept for security incidents, and for every incident when configured. */
export const keepsEvidence = (deps: Pick<Deps, "custody">, incident: Pick<Incident, "security">) =>
  incident.security || deps.custody.evidenceAll;

/** The outbox jobs that copy the files of a just-recorded message (none outside evidence mode). */
export function evidenceJobs(
  deps: Pick<Deps, "custody">,
  incident: Pick<Incident, "security">,
  event: TimelineEvent,
  addedBy: string,
): CopyJob[] {
  if (!keepsEvidence(deps, incident) || !Array.isArray(event.data.files)) return [];
  return (event.data.files as Array<{ id?: unknown; name?: unknown }>).flatMap((f) =>
    typeof f?.id === "string"
      ? [
          {
            kind: "copyEvidence" as const,
            seq: event.seq,
            fileId: f.id,
            name: String(f.name ?? f.id),
            addedBy,
          },
        ]
      : [],
  );
}

/**
 * Runs as an outbox job (off the request path, retried while Slack fails): downloads the file with
 * the bot token, stores it by its SHA-256 and records the hash in the log. A rerun after a crash
 * finds the copy recorded and does nothing.
 */
export async function copyEvidence(
  deps: Pick<Deps, "custody" | "timeline" | "clock" | "logger">,
  incident: Incident,
  job: CopyJob,
): Promise<void> {
  const done = deps.timeline
    .list(incident.id, { hashes: false })
    .some(
      (e) => e.kind === "evidence_preserved" && e.data.evidenceOf === job.seq && e.data.fileId === job.fileId,
    );
  if (done) return;
  const file = await deps.custody.source.download(job.fileId);
  const { sha256, size } = deps.custody.vault.put(file.bytes);
  deps.timeline.append({
    incidentId: incident.id,
    kind: "evidence_preserved",
    occurredAt: deps.clock.now(),
    actor: BOT_ACTOR,
    text: `Preserved ${file.name} (message #${job.seq}) as evidence: SHA-256 ${sha256}`,
    data: {
      evidenceOf: job.seq,
      fileId: job.fileId,
      name: file.name,
      mimetype: file.mimetype,
      size,
      sha256,
      addedBy: job.addedBy,
    },
  });
  deps.logger.info({ incidentId: incident.id, seq: job.seq, sha256, size }, "evidence preserved");
}
