import type { Playbook } from "../../domain/playbooks/playbook.js";
import type { PlaybookLibrary } from "../../ports/playbook-library.js";

/** An in-memory library over a checked set; `baseUrl` is read late because the port is known late. */
export function createPlaybookLibrary(
  playbooks: readonly Playbook[],
  baseUrl: () => string,
): PlaybookLibrary {
  const byId = new Map(playbooks.map((p) => [p.id, p]));
  return {
    all: () => playbooks,
    get: (id) => byId.get(id) ?? null,
    url: (id) => `${baseUrl().replace(/\/+$/, "")}/playbooks/${encodeURIComponent(id)}`,
  };
}
