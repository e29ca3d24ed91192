import type { Express } from "express";
import type { AppDeps } from "./app/deps.js";
import { drillReporter } from "./app/playbooks/drill-report.js";
import { latestDrill } from "./app/playbooks/link-playbooks.js";
import { playbookLinker } from "./app/playbooks/playbook-linker.js";
import type { Env } from "./config/env.js";
import type { Db } from "./adapters/db/client.js";
import { createSqliteRoleStores } from "./adapters/db/sqlite-role-store.js";
import { mountPlaybookRoutes } from "./adapters/http/playbook-routes.js";
import { createPagerDutyOnCallDirectory } from "./adapters/pagerduty/pd-on-call-directory.js";
import { checkPlaybooks } from "./adapters/playbooks/check-playbooks.js";
import { createPlaybookLibrary } from "./adapters/playbooks/playbook-library.js";
import { formatPlaybookProblems } from "./domain/playbooks/playbook-check.js";
import type { IncidentObserver } from "./ports/incident-observer.js";
import type { Timeline } from "./ports/incident-store.js";
import type { Logger } from "./ports/logger.js";
import type { Clock } from "./ports/clock.js";

export class PlaybookSetError extends Error {
  readonly code = "playbooks_invalid";
}

/**
 * Part of the composition root (kept apart so main.ts stays small): playbooks, roles, drills and
 * the on-call directory. Throws `PlaybookSetError` when the playbook set fails its checks.
 */
export function wirePlaybooks(options: {
  env: Env;
  db: Db;
  timeline: Timeline;
  clock: Clock;
  logger: Logger;
  /** Read when a link is made: the port is known only once the server listens. */
  baseUrl: () => string;
}) {
  const { env, db, timeline, clock, logger, baseUrl } = options;
  const check = checkPlaybooks({ dir: env.PLAYBOOKS_DIR, matrixPath: env.ESCALATION_MATRIX });
  if (check.problems.length > 0) throw new PlaybookSetError(formatPlaybookProblems(check.problems));
  for (const note of check.notes) logger.warn({ note }, "playbook check incomplete");
  const playbooks = createPlaybookLibrary(check.playbooks, baseUrl);
  const { roles, drills } = createSqliteRoleStores(db, timeline);
  // Chat is built after the deps; the directory asks for it only when it looks someone up.
  let chat: AppDeps["chat"] | null = null;
  const onCall = createPagerDutyOnCallDirectory({
    apiUrl: env.PAGERDUTY_API_URL,
    token: env.PAGERDUTY_API_TOKEN || undefined,
    targets: check.matrix?.targets ?? [],
    lookupUserByEmail: (email) => (chat ? chat.lookupUserByEmail(email) : Promise.resolve(null)),
    clock,
    logger,
  });
  return {
    deps: { playbooks, roles, drills, onCall },
    observers: (deps: AppDeps): IncidentObserver[] => [playbookLinker(deps), drillReporter(deps)],
    mount(http: Express, deps: AppDeps) {
      chat = deps.chat;
      mountPlaybookRoutes(http, playbooks, (p) => latestDrill(deps, p));
    },
  };
}
