import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TmpDb {
  /** A file that does not exist yet: the bot must create it and run its migrations itself. */
  path: string;
  dir: string;
  /** Removes the directory too, which catches the `-wal`/`-shm` side files SQLite leaves. */
  remove(): void;
}

/** A fresh SQLite file path per test, in its own directory so parallel test files never share one. */
export function createTmpDb(name = "imoc"): TmpDb {
  const dir = mkdtempSync(join(tmpdir(), `${name}-test-`));
  return {
    path: join(dir, `${name}.sqlite`),
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
