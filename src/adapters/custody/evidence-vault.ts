import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { EvidenceVault } from "../../ports/custody.js";

/** EVIDENCE_DIR, or `evidence/` beside the database file. */
export const evidenceDirFor = (databasePath: string, configured?: string) =>
  resolve(configured || join(dirname(resolve(databasePath)), "evidence"));

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/**
 * Content-addressed copies on disk: `<dir>/<sha256>`. Written to a temporary name and renamed, so
 * a crash never leaves half a file under a hash; the same content is stored once.
 */
export function createEvidenceVault(dir: string): EvidenceVault {
  return {
    dir,
    put(bytes) {
      const hash = sha256(bytes);
      const path = join(dir, hash);
      if (!existsSync(path) || sha256(readFileSync(path)) !== hash) {
        mkdirSync(dir, { recursive: true });
        const tmp = join(dir, `.${hash}.${randomUUID()}.tmp`);
        writeFileSync(tmp, bytes, { mode: 0o440 });
        renameSync(tmp, path);
      }
      return { sha256: hash, size: bytes.length };
    },
    check(hash) {
      const path = join(dir, hash);
      if (!/^[0-9a-f]{64}$/.test(hash) || !existsSync(path)) return "missing";
      return sha256(readFileSync(path)) === hash ? "intact" : "changed";
    },
  };
}
