import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEvidenceVault } from "../../../src/adapters/custody/evidence-vault.js";
import { checkpointMessage } from "../../../src/adapters/slack/blocks/checkpoint-message.js";
import { ChatError } from "../../../src/ports/chat.js";
import type { Custody } from "../../../src/ports/custody.js";

/** Chain of custody without a key, an audit channel or Slack files: checkpoints are hash only. */
export function unsignedCustody(): Custody {
  return {
    signer: null,
    verifier: null,
    auditChannel: null,
    evidenceAll: false,
    vault: createEvidenceVault(join(tmpdir(), "imoc-unit-evidence")),
    source: {
      download: async (id) => {
        throw new ChatError("file_not_found", `no file ${id} in unit tests`);
      },
    },
    checkpointMessage,
  };
}
