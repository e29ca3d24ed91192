import type { WebClient } from "@slack/web-api";
import type { Env } from "../../config/env.js";
import type { EscalationMatrix } from "../../domain/escalation/escalation-matrix.js";
import type { Custody } from "../../ports/custody.js";
import type { Logger } from "../../ports/logger.js";
import { checkpointMessage } from "../slack/blocks/checkpoint-message.js";
import { createSlackEvidenceSource } from "../slack/slack-evidence-source.js";
import { createSigner, createVerifier, parseAuditKey } from "./audit-key.js";
import { createEvidenceVault, evidenceDirFor } from "./evidence-vault.js";

/**
 * The chain of custody's wiring (issue 15): the audit key (from the environment only, never
 * stored or logged), the audit channel, the evidence folder and the Slack file downloader.
 * Says at start-up whether checkpoints are signed.
 */
export function createCustody(options: {
  env: Env;
  matrix: EscalationMatrix;
  client: WebClient;
  logger: Logger;
}): Custody {
  const { env, matrix, logger } = options;
  const key = env.AUDIT_SIGNING_KEY?.trim() ? parseAuditKey(env.AUDIT_SIGNING_KEY) : null;
  const signer = key ? createSigner(key) : null;
  const vault = createEvidenceVault(evidenceDirFor(env.DATABASE_PATH, env.EVIDENCE_DIR));
  const auditChannel = matrix.audit?.channel || null;
  const evidenceAll = env.EVIDENCE_ALL || matrix.audit?.evidence === "all";
  const where = { auditChannel, evidenceDir: vault.dir, evidence: evidenceAll ? "all" : "security" };
  if (signer)
    logger.info({ ...where, keyId: signer.keyId }, "chain of custody: checkpoints are signed (Ed25519)");
  else
    logger.warn(
      where,
      'chain of custody: AUDIT_SIGNING_KEY is not set, checkpoints are unsigned (hash only); see README "Chain of custody"',
    );
  return {
    signer,
    verifier: key ? createVerifier(key) : null,
    auditChannel,
    evidenceAll,
    vault,
    source: createSlackEvidenceSource(options.client),
    checkpointMessage,
  };
}
