import type { Checkpoint } from "../domain/custody/checkpoint.js";
import type { ChatMessage } from "./chat.js";

/** Signs checkpoints with the audit key (Ed25519); the private key never leaves it. */
export interface CheckpointSigner {
  keyId: string;
  /** The public key, PEM (SPKI), as `GET /api/audit/public-key` hands it out. */
  publicKeyPem: string;
  sign(payload: string): string;
}

/** Checks signatures against one public key. */
export interface CheckpointVerifier {
  keyId: string;
  verify(payload: string, signatureBase64: string): boolean;
}

/** Copies of evidence, stored by content: the name of a file is its SHA-256. */
export interface EvidenceVault {
  /** Stores the bytes (once per content) and returns their SHA-256 (hex) and size. */
  put(bytes: Buffer): { sha256: string; size: number };
  /** Re-hashes the stored copy. */
  check(sha256: string): "intact" | "missing" | "changed";
  /** Where copies live (for messages and the CLI). */
  dir: string;
}

/** A file as Slack hands it to the bot: downloaded with the bot token. Failures throw `ChatError`. */
export interface EvidenceSource {
  download(fileId: string): Promise<{ name: string; mimetype: string | null; bytes: Buffer }>;
}

/** Everything the chain of custody needs besides its stores (built in adapters/custody). */
export interface Custody {
  /** Null without AUDIT_SIGNING_KEY: checkpoints are then hash only (unsigned). */
  signer: CheckpointSigner | null;
  /** Checks the signatures of stored checkpoints (the signer's public key). */
  verifier: CheckpointVerifier | null;
  /** Where checkpoints are posted (the matrix's `audit.channel`); null: not posted. */
  auditChannel: string | null;
  /** Copy files of every incident, not only of security incidents. */
  evidenceAll: boolean;
  vault: EvidenceVault;
  source: EvidenceSource;
  checkpointMessage(checkpoint: Checkpoint, incidentRef: string): ChatMessage;
}
