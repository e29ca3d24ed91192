import type { Checkpoint, CheckpointEntry, StoredCheckpoint } from "../domain/custody/checkpoint.js";

/** Signed checkpoints of the IMOC log (chain of custody), oldest first. */
export interface CheckpointStore {
  add(checkpoint: Checkpoint, entries: CheckpointEntry[]): StoredCheckpoint;
  /** Every checkpoint of the incident, oldest first, with the history each covers. */
  list(incidentId: number): StoredCheckpoint[];
  latest(incidentId: number): StoredCheckpoint | null;
}
